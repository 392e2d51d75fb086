import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import {
  CoverageAddedV1, CoverageChangedV1, CoverageDto, CoverageTerminatedV1, CreateCoverageRequest, ListResponse, UpdateCoverageRequest,
} from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { conflict, invalid, notFound, unprocessable } from '@clinic-flow/platform';
import { PayersRepository } from '../payers/payers.repository';
import { CoveragesRepository } from './coverages.repository';
import { coverageDateProblems, memberIdFits, orderClash } from './coverages.rules';
import { CoverageRecord } from './coverages.schema';
import { PatientCheck } from './patient-check';

export const toCoverageDto = (c: CoverageRecord): CoverageDto => ({
  id: c._id,
  patientId: c.patientId,
  payerId: c.payerId,
  planId: c.planId,
  order: c.order,
  relationship: c.relationship,
  ...(c.subscriber ? { subscriber: { firstName: c.subscriber.firstName, lastName: c.subscriber.lastName, dateOfBirth: c.subscriber.dateOfBirth } } : {}),
  memberId: c.memberId,
  ...(c.groupNumber ? { groupNumber: c.groupNumber } : {}),
  effectiveDate: c.effectiveDate,
  ...(c.terminationDate ? { terminationDate: c.terminationDate } : {}),
  ...(c.cardFrontDocumentId ? { cardFrontDocumentId: c.cardFrontDocumentId } : {}),
  ...(c.cardBackDocumentId ? { cardBackDocumentId: c.cardBackDocumentId } : {}),
  createdAt: (c.createdAt ?? new Date()).toISOString(),
  version: c.version,
});

/** What a coverage event carries: ids, payer, plan, order, dates; never names or numbers. */
const eventData = (c: Omit<CoverageRecord, 'version'>, changedBy: string) => ({
  coverageId: c._id, patientId: c.patientId, payerId: c.payerId, planId: c.planId, order: c.order, effectiveDate: c.effectiveDate,
  ...(c.terminationDate ? { terminationDate: c.terminationDate } : {}), changedBy,
});

const FIELDS = ['planId', 'order', 'relationship', 'subscriber', 'memberId', 'groupNumber', 'effectiveDate', 'terminationDate', 'cardFrontDocumentId', 'cardBackDocumentId'] as const;

/**
 * Patients' coverages. Every call first asks patient-records whether the caller may see the patient
 * (a coverage of a patient outside the care relationship is a 404 like none). Coordination of
 * benefits: one coverage per order (primary, secondary, tertiary) over any period.
 */
@Injectable()
export class CoveragesService {
  constructor(
    private readonly coverages: CoveragesRepository,
    private readonly payers: PayersRepository,
    private readonly patients: PatientCheck,
    private readonly events: EventFactory,
  ) {}

  async list(user: AuthUser, patientId: string): Promise<ListResponse<CoverageDto>> {
    await this.patients.assertVisible(patientId);
    const items = (await this.coverages.forPatient(SiteScope.of(user), patientId))
      .sort((a, b) => a.order.localeCompare(b.order) || b.effectiveDate.localeCompare(a.effectiveDate))
      .map(toCoverageDto);
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  async get(user: AuthUser, id: string): Promise<CoverageDto> {
    return toCoverageDto(await this.open(user, id));
  }

  /** A coverage the caller may see (its patient is theirs to see), else 404 COVERAGE.NOT_FOUND. */
  async open(user: AuthUser, id: string): Promise<CoverageRecord> {
    const coverage = await this.coverages.findById(SiteScope.of(user), id);
    if (!coverage) throw notFound('COVERAGE.NOT_FOUND', `There is no coverage ${id}.`);
    try {
      await this.patients.assertVisible(coverage.patientId);
    } catch (error) {
      if ((error as { code?: string }).code === 'PATIENT.NOT_FOUND') throw notFound('COVERAGE.NOT_FOUND', `There is no coverage ${id}.`);
      throw error;
    }
    return coverage;
  }

  async create(user: AuthUser, patientId: string, request: CreateCoverageRequest): Promise<CoverageDto> {
    await this.patients.assertVisible(patientId);
    const scope = SiteScope.of(user);
    const coverage: Omit<CoverageRecord, 'version'> = {
      _id: `cov-${randomUUID()}`,
      patientId,
      payerId: request.payerId,
      planId: request.planId,
      order: request.order,
      relationship: request.relationship,
      ...(request.relationship !== 'self' && request.subscriber ? { subscriber: { ...request.subscriber } } : {}),
      memberId: request.memberId.trim(),
      ...(request.groupNumber ? { groupNumber: request.groupNumber.trim() } : {}),
      effectiveDate: request.effectiveDate,
      ...(request.terminationDate ? { terminationDate: request.terminationDate } : {}),
      ...(request.cardFrontDocumentId ? { cardFrontDocumentId: request.cardFrontDocumentId } : {}),
      ...(request.cardBackDocumentId ? { cardBackDocumentId: request.cardBackDocumentId } : {}),
      createdBy: user.id,
    };
    await this.assertValid(scope, coverage);
    const saved = await this.coverages.insert(scope, coverage, [
      this.events.outboxEntry(CoverageAddedV1, { subject: patientId, siteId: null, data: eventData(coverage, user.id) }),
    ]);
    return toCoverageDto(saved);
  }

  /** Fields given replace the current ones; a new termination date terminates (coverage.terminated); nothing changed writes nothing. */
  async update(user: AuthUser, id: string, request: UpdateCoverageRequest): Promise<CoverageDto> {
    const current = await this.open(user, id);
    const scope = SiteScope.of(user);
    const next: CoverageRecord = {
      ...current,
      ...Object.fromEntries(FIELDS.filter((f) => request[f] !== undefined).map((f) => [f, f === 'groupNumber' ? request.groupNumber || undefined : request[f]])),
    };
    if (next.relationship === 'self') delete next.subscriber;
    await this.assertValid(scope, next);
    const changed = FIELDS.filter((f) => JSON.stringify(current[f] ?? null) !== JSON.stringify(next[f] ?? null));
    if (!changed.length) return toCoverageDto(current);
    const terminated = changed.includes('terminationDate') && !!next.terminationDate;
    const outcome = await this.coverages.update(scope, id, (doc) => {
      if (doc.version !== current.version) throw conflict('COVERAGE.CHANGED', `Coverage ${id} changed meanwhile; read it again and retry.`);
      return {
        set: Object.fromEntries(changed.map((f) => [f, next[f]])) as Partial<CoverageRecord>,
        events: [
          this.events.outboxEntry(terminated ? CoverageTerminatedV1 : CoverageChangedV1, { subject: doc.patientId, siteId: null, data: { ...eventData(next, user.id), changedFields: [...changed] } }),
        ],
      };
    });
    if (!outcome) throw notFound('COVERAGE.NOT_FOUND', `There is no coverage ${id}.`);
    return toCoverageDto(outcome.doc);
  }

  private async assertValid(scope: SiteScope, c: Omit<CoverageRecord, 'version'>): Promise<void> {
    if (c.relationship !== 'self' && !c.subscriber) {
      throw invalid('COVERAGE.SUBSCRIBER_REQUIRED', 'A subscriber other than the patient needs their own name and date of birth.', [{ field: 'subscriber', messages: ['required unless relationship is self'] }]);
    }
    const payer = await this.payers.findById(scope, c.payerId);
    if (!payer) throw unprocessable('COVERAGE.PAYER_UNKNOWN', `There is no payer ${c.payerId}.`, [{ field: 'payerId', messages: ['unknown payer'] }]);
    if (!payer.plans.some((p) => p.id === c.planId)) throw unprocessable('COVERAGE.PLAN_UNKNOWN', `${payer.name} has no plan ${c.planId}.`, [{ field: 'planId', messages: ['unknown plan of this payer'] }]);
    if (!memberIdFits(c.memberId, payer.memberIdPattern)) {
      throw unprocessable('COVERAGE.MEMBER_ID_FORMAT', `The member id does not have ${payer.name}'s format.`, [{ field: 'memberId', messages: [`must match ${payer.memberIdPattern}`] }]);
    }
    const problems = coverageDateProblems({ effectiveDate: c.effectiveDate, terminationDate: c.terminationDate, subscriberBirthDate: c.subscriber?.dateOfBirth });
    if (problems.length) throw invalid('COVERAGE.INVALID_DATES', `The coverage's dates are not valid: ${problems.join('; ')}.`, [{ field: 'dates', messages: problems }]);
    const others = (await this.coverages.forPatient(scope, c.patientId)).map((o) => ({ ...o, id: o._id }));
    const clash = orderClash({ ...c, id: c._id }, others);
    if (clash) throw conflict('COVERAGE.ORDER_TAKEN', `The patient already has a ${c.order} coverage (${clash.id}) over an overlapping period; terminate it or change its order first.`);
  }
}
