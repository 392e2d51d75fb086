import { Injectable, Logger } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { VisitRecord, VisitsRepository } from '@clinic-flow/visits';
import { CoverageRecord } from '../coverages/coverages.schema';
import { CoveragesRepository } from '../coverages/coverages.repository';
import { PatientDemographicsRepository } from '../patients/patient-demographics.repository';
import type { EligibilityRetryJob } from './eligibility-retry.queue';
import { firstCheckOf } from './eligibility-retry.queue';
import { activeOn, byOrder, EligibilityService, PatientDemographics } from './eligibility.service';

const SYSTEM = SiteScope.service('eligibility without a caller (booking, retry)');

/** Visits still to be seen: a check for them is worth sending. */
export const OPEN_VISIT_STATUSES = ['booked', 'confirmed'];

/** A patient not in the demographics projection yet: the job waits and tries again (no 270 with a wrong name). */
export class PatientNotKnownYet extends Error {
  constructor(patientId: string) {
    super(`patient ${patientId} is not in insurance's demographics yet (patient.registered not consumed yet); trying again`);
  }
}

/**
 * Checks that run without a caller for a visit: at booking (every coverage of the patient active
 * on the date of service, primary first) and on retry (one coverage, the payer having been down).
 * Each re-reads the visit: a visit cancelled or moved to another date meanwhile is not checked.
 * Check ids derive from the job, so a job that runs again records nothing twice.
 */
@Injectable()
export class VisitChecksService {
  private readonly logger = new Logger(VisitChecksService.name);

  constructor(
    private readonly eligibility: EligibilityService,
    private readonly visits: VisitsRepository,
    private readonly coverages: CoveragesRepository,
    private readonly patients: PatientDemographicsRepository,
  ) {}

  /** The booking job: returns what it did (kept on the job). */
  async checkBookedVisit(appointmentId: string, dateOfService: string): Promise<string> {
    const visit = await this.openVisit(appointmentId, dateOfService);
    if (!visit) return 'skipped: the visit is cancelled, done or on another date now';
    const coverages = (await this.coverages.forPatient(SYSTEM, visit.patientId)).filter((c) => activeOn(c, dateOfService)).sort(byOrder);
    if (!coverages.length) {
      // Nothing recorded: the day view keeps "not checked", which is what the desk must act on (ask for a card, or self-pay).
      this.logger.log(`appointment ${appointmentId}: the patient has no coverage in force on ${dateOfService}; nothing to check`);
      return 'no coverage in force on the date of service';
    }
    const patient = await this.demographics(visit.patientId);
    const done: string[] = [];
    for (const coverage of coverages) {
      const checkId = `elig-booking-${appointmentId}-${dateOfService}-${coverage._id}`;
      const check = (await this.eligibility.recorded(checkId)) ?? (await this.eligibility.run(SYSTEM, this.subject(visit, coverage, patient, 'booking', checkId)));
      done.push(`${coverage.order}:${check.status}`);
    }
    return done.join(', ');
  }

  /** A retry job: the same coverage asked again for the same visit and date. */
  async retry(job: EligibilityRetryJob): Promise<string> {
    const visit = await this.openVisit(job.appointmentId, job.dateOfService);
    if (!visit) return 'skipped: the visit is cancelled, done or on another date now';
    const coverage = await this.coverages.findById(SYSTEM, job.coverageId);
    if (!coverage || coverage.patientId !== visit.patientId || !activeOn(coverage, job.dateOfService)) return 'skipped: the coverage is gone, moved or not in force on the date';
    const checkId = `${firstCheckOf(job)}-retry${job.attempt}`;
    const recorded = await this.eligibility.recorded(checkId);
    if (recorded) return `already recorded: ${recorded.status}`;
    const patient = await this.demographics(visit.patientId);
    const check = await this.eligibility.run(SYSTEM, { ...this.subject(visit, coverage, patient, 'retry', checkId), attempt: job.attempt });
    return `retry ${job.attempt}: ${check.status}`;
  }

  private subject(visit: VisitRecord, coverage: CoverageRecord, patient: PatientDemographics, trigger: 'booking' | 'retry', checkId: string) {
    return { coverage, patient, dateOfService: visit.dateOfService, trigger, by: `service:eligibility-${trigger}`, appointmentId: visit._id, siteId: visit.siteId, checkId };
  }

  private async openVisit(appointmentId: string, dateOfService: string): Promise<VisitRecord | null> {
    const visit = await this.visits.findById(appointmentId);
    return visit && OPEN_VISIT_STATUSES.includes(visit.status) && visit.dateOfService === dateOfService ? visit : null;
  }

  private async demographics(patientId: string): Promise<PatientDemographics> {
    const patient = await this.patients.findById(patientId);
    if (!patient) throw new PatientNotKnownYet(patientId);
    return patient;
  }
}
