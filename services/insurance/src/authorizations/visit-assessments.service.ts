import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DateTime } from 'luxon';
import { SiteScope } from '@clinic-flow/auth';
import { AuthorizationExpiredV1, AuthorizationUnitsUsedV1, VisitAuthorizationAssessedV1 } from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { VisitChange, VisitListener, VisitListeners, VisitRecord, VisitsRepository } from '@clinic-flow/visits';
import { CoveragesRepository } from '../coverages/coverages.repository';
import { PayersRepository } from '../payers/payers.repository';
import { AuthorizationsRepository } from './authorizations.repository';
import { Assessment, assessVisit, expiryReason, primaryOn, sameAssessment, VisitFacts } from './authorizations.rules';
import { AuthorizationRecord } from './authorizations.schema';
import { authorizationEventData } from './authorization-events';

const SYSTEM = SiteScope.service('authorizations: visits and units');
/** Visits still to come: what a new approval or an expiry changes. */
const UPCOMING = ['booked', 'confirmed'];

/** Today in the network's home zone (expiry and "upcoming" are calendar days). */
export const todayInNetwork = (): string => DateTime.now().setZone('America/New_York').toFormat('yyyy-MM-dd');

/**
 * What each booked visit needs from its primary payer and whether a valid authorization covers it
 * (`visit-authorization.assessed`, published only when the assessment changes; the last one is kept
 * per visit), and the units visits use: one unit at check-in (the patient came; a no-show uses
 * none), given back if the visit is cancelled or marked no-show after that. Everything here is
 * idempotent: a redelivered change finds the same assessment and the same usage.
 */
@Injectable()
export class VisitAssessmentsService implements VisitListener, OnModuleInit {
  readonly name = 'authorizations';
  private readonly logger = new Logger(VisitAssessmentsService.name);

  constructor(
    private readonly listeners: VisitListeners,
    private readonly visits: VisitsRepository,
    private readonly coverages: CoveragesRepository,
    private readonly payers: PayersRepository,
    private readonly authorizations: AuthorizationsRepository,
    private readonly events: EventFactory,
  ) {}

  onModuleInit(): void {
    this.listeners.register(this);
  }

  async onVisitChanged(change: VisitChange): Promise<void> {
    const { visit } = change;
    if (change.kind === 'checked-in') await this.useUnit(visit);
    if (change.kind === 'cancelled' || change.kind === 'no-show') await this.giveBackUnits(visit);
    await this.assess(visit);
  }

  /** What the visit needs now (a pure decision over the patient's coverages, payer and authorizations). */
  async assessmentFor(patientId: string, visit: VisitFacts): Promise<Assessment> {
    const coverages = await this.coverages.forPatient(SYSTEM, patientId);
    const primary = primaryOn(coverages, visit.dateOfService);
    const payer = primary ? await this.payers.findById(SYSTEM, primary.payerId) : null;
    const authorizations = primary ? await this.authorizations.forPatient(SYSTEM, patientId) : [];
    return assessVisit(visit, primary, payer, authorizations);
  }

  /** Assesses a visit and keeps the result; publishes visit-authorization.assessed when it changed. */
  async assess(visit: VisitRecord): Promise<void> {
    const assessment = await this.assessmentFor(visit.patientId, { id: visit._id, appointmentTypeId: visit.appointmentTypeId, dateOfService: visit.dateOfService });
    await this.authorizations.upsertAssessment(SYSTEM, visit._id, (current) => {
      if (current && current.patientId === visit.patientId && sameAssessment(current, assessment)) return null;
      return {
        set: {
          patientId: visit.patientId, siteId: visit.siteId, dateOfService: visit.dateOfService, requirement: assessment.requirement, state: assessment.state,
          authorizationId: assessment.authorizationId, blocking: assessment.blocking, assessedAt: new Date(),
        },
        events: [
          this.events.outboxEntry(VisitAuthorizationAssessedV1, {
            subject: visit.patientId,
            siteId: visit.siteId,
            data: {
              appointmentId: visit._id, patientId: visit.patientId, siteId: visit.siteId, requirement: assessment.requirement, state: assessment.state,
              ...(assessment.authorizationId ? { authorizationId: assessment.authorizationId } : {}), blocking: assessment.blocking,
            },
          }),
        ],
      };
    });
  }

  /** A new approval, an expiry or a unit used: the patient's upcoming visits are assessed again. */
  async reassessPatient(patientId: string): Promise<void> {
    const today = todayInNetwork();
    for (const visit of await this.visits.forPatient(patientId)) {
      if (UPCOMING.includes(visit.status) && visit.dateOfService >= today) await this.assess(visit);
    }
  }

  /** One unit of the covering authorization, once per visit (a redelivered check-in finds its usage). */
  private async useUnit(visit: VisitRecord): Promise<void> {
    const assessment = await this.assessmentFor(visit.patientId, { id: visit._id, appointmentTypeId: visit.appointmentTypeId, dateOfService: visit.dateOfService });
    if (assessment.state !== 'covered' || !assessment.authorizationId) return;
    const outcome = await this.authorizations.update(SYSTEM, assessment.authorizationId, (a) => {
      if (a.usages.some((u) => u.appointmentId === visit._id) || a.status !== 'approved') return null;
      const usedUnits = a.usedUnits + 1;
      const next: AuthorizationRecord = { ...a, usedUnits };
      const ended = expiryReason(next, todayInNetwork());
      const status = ended ? ('expired' as const) : a.status;
      const data = { ...authorizationEventData({ ...next, status }, SYSTEM.actor), ...(ended ? { reason: ended } : {}) };
      return {
        set: { usedUnits, usages: [...a.usages, { appointmentId: visit._id, units: 1, at: new Date() }], ...(ended ? { status, reason: ended } : {}) },
        ...(ended ? { push: { history: { at: new Date(), status, reason: ended, by: SYSTEM.actor } } } : {}),
        events: [
          this.events.outboxEntry(AuthorizationUnitsUsedV1, { subject: a.patientId, siteId: visit.siteId, data: { ...authorizationEventData({ ...next, status }, SYSTEM.actor), appointmentId: visit._id, units: 1 } }),
          ...(ended ? [this.events.outboxEntry(AuthorizationExpiredV1, { subject: a.patientId, siteId: a.siteId, data })] : []),
        ],
        result: ended,
      };
    });
    if (outcome?.written) {
      this.logger.log(`appointment ${visit._id} used a unit of authorization ${assessment.authorizationId}`);
      if (outcome.result) await this.reassessPatient(visit.patientId);
    }
  }

  /** A visit that used units and did not happen gives them back (an authorization ended by its units is approved again). */
  private async giveBackUnits(visit: VisitRecord): Promise<void> {
    for (const a of await this.authorizations.forPatient(SYSTEM, visit.patientId)) {
      const usage = a.usages.find((u) => u.appointmentId === visit._id);
      if (!usage) continue;
      const outcome = await this.authorizations.update(SYSTEM, a._id, (current) => {
        const used = current.usages.find((u) => u.appointmentId === visit._id);
        if (!used) return null;
        const usedUnits = Math.max(0, current.usedUnits - used.units);
        const reopen = current.status === 'expired' && current.reason === 'UNITS_USED' && !(current.validTo && current.validTo < todayInNetwork());
        const status = reopen ? ('approved' as const) : current.status;
        return {
          set: { usedUnits, usages: current.usages.filter((u) => u.appointmentId !== visit._id), ...(reopen ? { status, reason: undefined } : {}) },
          ...(reopen ? { push: { history: { at: new Date(), status, reason: 'UNITS_GIVEN_BACK', by: SYSTEM.actor } } } : {}),
          events: [
            this.events.outboxEntry(AuthorizationUnitsUsedV1, {
              subject: current.patientId, siteId: visit.siteId,
              data: { ...authorizationEventData({ ...current, usedUnits, status }, SYSTEM.actor), appointmentId: visit._id, units: -used.units },
            }),
          ],
        };
      });
      if (outcome?.written) await this.reassessPatient(visit.patientId);
    }
  }
}
