import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { EligibilityChangedV1, EligibilityCheckDto, EligibilityCheckedV1, EligibilityTrigger, ListResponse } from '@clinic-flow/contracts';
import { EventFactory, JobQueue } from '@clinic-flow/messaging';
import { APP_CONFIG, errorMessageForLog, invalid, notFound, workContext } from '@clinic-flow/platform';
import { EligibilityInquiry, EligibilityOutcome, HttpClearinghouseAdapter } from '@clinic-flow/x12';
import { VisitsRepository } from '@clinic-flow/visits';
import type { InsuranceConfig } from '../config';
import { CoveragesService } from '../coverages/coverages.service';
import { CoverageRecord } from '../coverages/coverages.schema';
import { PatientCheck } from '../coverages/patient-check';
import { ControlNumbersRepository } from '@clinic-flow/x12/store';
import { PayerRecord } from '../payers/payers.schema';
import { PayersRepository } from '../payers/payers.repository';
import { eligibilityChanges, isAnswered } from './eligibility-changes.rules';
import { EligibilityRetryJob, EligibilityRetryQueue } from './eligibility-retry.queue';
import { bornAfterService, isa13, Verdict, verdictOf } from './eligibility.rules';
import { EligibilityCheckRecord } from './eligibility.schema';
import { EligibilityRepository } from './eligibility.repository';

const SYSTEM = SiteScope.service('eligibility');

/** TRN02 of our 270s: EC + 28 hex characters (unique; the 271 echoes it). */
export const newTraceNumber = (): string => `EC${randomUUID().replace(/-/g, '').slice(0, 28).toUpperCase()}`;
const gender = (sex?: string): 'M' | 'F' | 'U' => (sex === 'M' || sex === 'F' ? sex : 'U');

/** Who a 270 names as the patient: from patient-records as the caller (on demand) or from its events (jobs). */
export interface PatientDemographics {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex?: string;
}

/** One check to run: a coverage, the patient, the date of service, why, and for which visit. */
export interface CheckSubject {
  coverage: CoverageRecord;
  patient: PatientDemographics;
  dateOfService: string;
  trigger: EligibilityTrigger;
  /** A user id, or service:<job> for checks without a caller. */
  by: string;
  appointmentId?: string;
  siteId?: string;
  /** A stable id for checks a job may run twice (the second finds it recorded); default a new one. */
  checkId?: string;
  batchId?: string;
  /** Retries: which one (1 = the first). */
  attempt?: number;
  /** TRN02 to send (a batch plans its trace numbers before sending); default a new one. */
  traceNumber?: string;
}

/** What recording a check needs: the subject without the patient (the 270 is gone by then), its id and trace. */
export interface CheckToRecord {
  subject: Omit<CheckSubject, 'patient'>;
  checkId: string;
  traceNumber: string;
  requestedAt: Date;
}

/** A 270 ready to send for a subject. */
export interface PreparedCheck extends CheckToRecord {
  inquiry: EligibilityInquiry;
}

/** What became of a prepared check: the clearinghouse's outcome, or why it was not sent. */
export type CheckResult = { outcome: EligibilityOutcome } | { notSent: Verdict };

export const toDto = (c: EligibilityCheckRecord): EligibilityCheckDto => ({
  id: c._id, coverageId: c.coverageId, patientId: c.patientId, payerId: c.payerId, dateOfService: c.dateOfService, status: c.status,
  ...(c.reason ? { reason: c.reason } : {}), ...(c.detail ? { detail: c.detail } : {}), ...(c.benefits ? { benefits: c.benefits } : {}),
  traceNumber: c.traceNumber,
  ...(c.interchangeControlNumber ? { interchangeControlNumber: c.interchangeControlNumber } : {}),
  ...(c.responseControlNumber ? { responseControlNumber: c.responseControlNumber } : {}),
  trigger: c.trigger,
  ...(c.appointmentId ? { appointmentId: c.appointmentId } : {}),
  ...(c.siteId ? { siteId: c.siteId } : {}),
  ...(c.order ? { order: c.order } : {}),
  ...(c.batchId ? { batchId: c.batchId } : {}),
  ...(c.attempt ? { attempt: c.attempt } : {}),
  ...(c.changes?.length ? { changes: c.changes } : {}),
  requestedAt: c.requestedAt.toISOString(), completedAt: c.completedAt.toISOString(), checkedBy: c.checkedBy,
});

/** Whether a coverage is in force on a date (its own dates; the payer may still say otherwise). */
export const activeOn = (c: Pick<CoverageRecord, 'effectiveDate' | 'terminationDate'>, date: string): boolean =>
  c.effectiveDate <= date && (!c.terminationDate || date <= c.terminationDate);

const ORDER_RANK = { primary: 0, secondary: 1, tertiary: 2 } as const;
/** Coordination-of-benefits order: primary first. */
export const byOrder = (a: Pick<CoverageRecord, 'order'>, b: Pick<CoverageRecord, 'order'>): number => ORDER_RANK[a.order] - ORDER_RANK[b.order];

/**
 * Eligibility checks, however they start (on demand, at booking, in the nightly batch, on retry):
 * one 270 per coverage and date of service, sent through the clearinghouse adapter; the outcome is
 * recorded whatever it is (a payer that is down is a 'payer-unavailable' result, never an error),
 * with its trace and control numbers, `eligibility.checked` and — when the 271 differs from the
 * coverage's previous answer — `eligibility.changed`, in the same write. A visit's check that
 * found the payer down is planned again (ELIGIBILITY_RETRY_DELAYS).
 */
@Injectable()
export class EligibilityService {
  private readonly logger = new Logger(EligibilityService.name);
  readonly adapter: HttpClearinghouseAdapter;

  constructor(
    private readonly coverages: CoveragesService,
    private readonly patients: PatientCheck,
    private readonly payers: PayersRepository,
    private readonly checks: EligibilityRepository,
    private readonly visits: VisitsRepository,
    private readonly events: EventFactory,
    @Inject(EligibilityRetryQueue.token) private readonly retries: JobQueue<EligibilityRetryJob>,
    controlNumbers: ControlNumbersRepository,
    @Inject(APP_CONFIG) private readonly config: InsuranceConfig,
  ) {
    this.adapter = controlNumbers.clearinghouse(config);
  }

  async history(user: AuthUser, coverageId: string): Promise<ListResponse<EligibilityCheckDto>> {
    await this.coverages.open(user, coverageId);
    const items = (await this.checks.forCoverage(SiteScope.of(user), coverageId)).sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime()).map(toDto);
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  /** On demand, by a person: for a date, or for a visit of the coverage's patient (its date of service). */
  async check(user: AuthUser, coverageId: string, request: { dateOfService?: string; appointmentId?: string } = {}): Promise<EligibilityCheckDto> {
    const coverage = await this.coverages.open(user, coverageId);
    let date = request.dateOfService;
    let siteId: string | undefined;
    if (request.appointmentId) {
      const visit = await this.visits.findById(request.appointmentId);
      if (!visit) throw notFound('ELIGIBILITY.VISIT_NOT_FOUND', `There is no visit ${request.appointmentId}.`);
      if (visit.patientId !== coverage.patientId) {
        throw invalid('ELIGIBILITY.VISIT_OF_ANOTHER_PATIENT', `Visit ${request.appointmentId} is not a visit of this coverage's patient.`, [{ field: 'appointmentId', messages: ["not a visit of the coverage's patient"] }]);
      }
      if (date && date !== visit.dateOfService) {
        throw invalid('ELIGIBILITY.DATE_NOT_THE_VISITS', `Visit ${request.appointmentId} is on ${visit.dateOfService}, not ${date}; leave dateOfService out to check the visit's date.`, [{ field: 'dateOfService', messages: ["differs from the visit's date of service"] }]);
      }
      date = visit.dateOfService;
      siteId = visit.siteId;
    }
    date ??= DateTime.now().setZone('America/New_York').toFormat('yyyy-MM-dd');
    if (!DateTime.fromISO(date).isValid) throw invalid('ELIGIBILITY.INVALID_DATE', `dateOfService ${date} is not a date.`, [{ field: 'dateOfService', messages: ['not a date'] }]);
    const patient = await this.patients.open(coverage.patientId);
    const subscriberBirth = coverage.relationship !== 'self' ? coverage.subscriber?.dateOfBirth : undefined;
    const late = bornAfterService(date, patient.dateOfBirth, subscriberBirth);
    if (late.length) {
      // Nothing is sent or recorded: no payer can answer for a date before the person was born.
      const who = late.map((p) => (p === 'patient' ? `the patient (born ${patient.dateOfBirth})` : `the subscriber (born ${subscriberBirth})`)).join(' and ');
      throw invalid('ELIGIBILITY.BORN_AFTER_SERVICE', `The date of service ${date} is before ${who} was born; check the date of service or the birth date.`, [
        { field: request.appointmentId ? 'appointmentId' : 'dateOfService', messages: [`before ${late.join(' and ')} was born`] },
      ]);
    }
    const saved = await this.run(SiteScope.of(user), {
      coverage, patient, dateOfService: date, trigger: 'on-demand', by: user.id,
      ...(request.appointmentId ? { appointmentId: request.appointmentId, siteId } : {}),
    });
    return toDto(saved);
  }

  /** Whether a check of that id is recorded (a job run again skips what it already did). */
  async recorded(checkId: string): Promise<EligibilityCheckRecord | null> {
    return this.checks.findById(SYSTEM, checkId);
  }

  /** The core: a real-time 270 for the subject, its outcome recorded (and retried if the payer was down and it is for a visit). */
  async run(scope: SiteScope, subject: CheckSubject): Promise<EligibilityCheckRecord> {
    const prepared = await this.prepare(subject);
    let result: CheckResult;
    try {
      result = { outcome: await this.adapter.checkEligibility(prepared.inquiry) };
    } catch (error) {
      // Not sent (control numbers contended, a bug): recorded for the desk, never a 5xx.
      this.logger.warn(`eligibility check of coverage ${subject.coverage._id} was not sent: ${errorMessageForLog(error)}`);
      result = { notSent: { status: 'needs-attention', reason: 'NOT_SENT', detail: 'the inquiry could not be sent; try again' } };
    }
    return this.record(scope, prepared, result);
  }

  /** The 270 of a subject (its payer read here, or given by a batch that read it once). */
  async prepare(subject: CheckSubject, payer?: PayerRecord | null): Promise<PreparedCheck> {
    const { coverage, patient } = subject;
    payer ??= await this.payers.findById(SYSTEM, coverage.payerId);
    const traceNumber = subject.traceNumber ?? newTraceNumber();
    const person = { firstName: patient.firstName, lastName: patient.lastName, birthDate: patient.dateOfBirth, gender: gender(patient.sex) };
    const subscriberPerson = coverage.relationship === 'self' || !coverage.subscriber
      ? person
      : { firstName: coverage.subscriber.firstName, lastName: coverage.subscriber.lastName, birthDate: coverage.subscriber.dateOfBirth, gender: 'U' as const };
    const inquiry: EligibilityInquiry = {
      traceNumber,
      traceOriginatorId: this.config.X12_TRACE_ORIGINATOR_ID,
      payer: { name: (payer?.name ?? coverage.payerId).toUpperCase().slice(0, 60), id: payer?.ediPayerId ?? coverage.payerId },
      provider: { organizationName: this.config.ELIGIBILITY_PROVIDER_NAME, npi: this.config.ELIGIBILITY_PROVIDER_NPI },
      subscriber: { memberId: coverage.memberId, ...subscriberPerson, ...(coverage.groupNumber ? { groupNumber: coverage.groupNumber } : {}) },
      ...(coverage.relationship !== 'self' && coverage.subscriber ? { dependent: person } : {}),
      dateOfService: subject.dateOfService,
      serviceTypes: ['30'],
    };
    return { subject, checkId: subject.checkId ?? `elig-${randomUUID()}`, traceNumber, inquiry, requestedAt: new Date() };
  }

  /**
   * Records a prepared check's result with `eligibility.checked` and, when it differs from the
   * coverage's previous answered check, `eligibility.changed` (one write). Idempotent by check id:
   * a job that runs again gets the recorded check back. A visit's check that found the payer down
   * is planned again.
   */
  async record(scope: SiteScope, prepared: CheckToRecord, result: CheckResult): Promise<EligibilityCheckRecord> {
    const { subject, checkId, traceNumber } = prepared;
    const { coverage } = subject;
    const verdict = 'outcome' in result ? verdictOf(result.outcome) : result.notSent;
    const exchange = 'outcome' in result && 'exchange' in result.outcome ? result.outcome.exchange : undefined;
    const previous = isAnswered(verdict)
      ? (await this.checks.forCoverage(SYSTEM, coverage._id)).filter((c) => c._id !== checkId && isAnswered(c)).sort((a, b) => b.completedAt.getTime() - a.completedAt.getTime())[0]
      : undefined;
    const changes = previous ? eligibilityChanges(previous, verdict) : [];
    const visit = { ...(subject.appointmentId ? { appointmentId: subject.appointmentId } : {}), ...(subject.siteId ? { siteId: subject.siteId } : {}) };
    const check: Omit<EligibilityCheckRecord, 'version'> = {
      _id: checkId,
      coverageId: coverage._id,
      patientId: coverage.patientId,
      payerId: coverage.payerId,
      dateOfService: subject.dateOfService,
      ...verdict,
      traceNumber,
      ...(exchange ? { interchangeControlNumber: exchange.interchangeControlNumber } : {}),
      ...(isa13(exchange?.response) ? { responseControlNumber: isa13(exchange?.response) } : {}),
      trigger: subject.trigger,
      ...visit,
      order: coverage.order,
      ...(subject.batchId ? { batchId: subject.batchId } : {}),
      ...(subject.attempt ? { attempt: subject.attempt } : {}),
      ...(previous && changes.length ? { previousCheckId: previous._id, changes } : {}),
      requestedAt: prepared.requestedAt,
      completedAt: new Date(),
      checkedBy: subject.by,
    };
    const events = [
      this.events.outboxEntry(EligibilityCheckedV1, {
        subject: coverage.patientId,
        siteId: subject.siteId ?? null,
        data: {
          checkId, coverageId: coverage._id, patientId: coverage.patientId, payerId: coverage.payerId, dateOfService: subject.dateOfService,
          status: verdict.status, ...(verdict.reason ? { reason: verdict.reason } : {}), trigger: subject.trigger, ...visit, order: coverage.order,
        },
      }),
    ];
    if (previous && changes.length) {
      events.push(
        this.events.outboxEntry(EligibilityChangedV1, {
          subject: coverage.patientId,
          siteId: subject.siteId ?? null,
          data: {
            checkId, previousCheckId: previous._id, coverageId: coverage._id, patientId: coverage.patientId, payerId: coverage.payerId,
            dateOfService: subject.dateOfService, status: verdict.status, previousStatus: previous.status, changes, ...visit,
          },
        }),
      );
    }
    const { doc, created } = await this.checks.insertOnce(scope, check, events);
    if (created && doc.status === 'payer-unavailable' && doc.appointmentId) await this.planRetry(doc);
    return doc;
  }

  /** The next retry of a visit's check that found the payer down, unless the delays are used up (it then stays as recorded). */
  async planRetry(check: EligibilityCheckRecord): Promise<void> {
    const delays = this.config.ELIGIBILITY_RETRY_DELAYS;
    const attempt = (check.attempt ?? 0) + 1;
    if (!check.appointmentId) return;
    if (attempt > delays.length) {
      this.logger.log(`check ${check._id}: the payer is still unavailable after ${delays.length} retries; left for the desk`);
      return;
    }
    await this.retries.add(
      {
        appointmentId: check.appointmentId, coverageId: check.coverageId, dateOfService: check.dateOfService, attempt, retryOf: check._id,
        firstCheckId: check.attempt ? check._id.replace(/-retry\d+$/, '') : check._id, correlationId: workContext.correlationId(),
      },
      { delayMs: delays[attempt - 1] },
    );
  }
}
