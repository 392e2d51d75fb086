import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import {
  AuthorizationCheckDto, AuthorizationCheckRequest, AuthorizationDecidedV1, AuthorizationDto, AuthorizationExpiredV1, AuthorizationRequestedV1,
  CreateAuthorizationRequest, ListResponse,
} from '@clinic-flow/contracts';
import { EventFactory, OutboxEntry } from '@clinic-flow/messaging';
import { APP_CONFIG, conflict, errorMessageForLog, forbidden, invalid, notFound } from '@clinic-flow/platform';
import { HttpClearinghouseAdapter, ReviewOutcome, ReviewRequest, reviewRequestProblems } from '@clinic-flow/x12';
import { SitesRepository, dateOfServiceAt } from '@clinic-flow/visits';
import type { InsuranceConfig } from '../config';
import { CoveragesService } from '../coverages/coverages.service';
import { PatientCheck, VisiblePatient } from '../coverages/patient-check';
import { CoverageRecord } from '../coverages/coverages.schema';
import { ControlNumbersRepository } from '@clinic-flow/x12/store';
import { PayersRepository } from '../payers/payers.repository';
import { authorizationEventData } from './authorization-events';
import { AuthorizationsRepository } from './authorizations.repository';
import { bookingBlocked, expiryReason, ReviewVerdict, verdictOfReview } from './authorizations.rules';
import { AuthorizationRecord } from './authorizations.schema';
import { todayInNetwork, VisitAssessmentsService } from './visit-assessments.service';

const SYSTEM = SiteScope.service('authorizations');
const gender = (sex?: string): 'M' | 'F' | 'U' => (sex === 'M' || sex === 'F' ? sex : 'U');

export const toAuthorizationDto = (a: AuthorizationRecord): AuthorizationDto => ({
  id: a._id, patientId: a.patientId, coverageId: a.coverageId, payerId: a.payerId, siteId: a.siteId, status: a.status, source: a.source,
  appointmentTypeIds: a.appointmentTypeIds, serviceCodes: a.serviceCodes, diagnosisCodes: a.diagnosisCodes ?? [],
  requestedUnits: a.requestedUnits, requestedFrom: a.requestedFrom, requestedTo: a.requestedTo,
  ...(a.providerId ? { providerId: a.providerId } : {}),
  ...(a.authorizationNumber ? { authorizationNumber: a.authorizationNumber } : {}),
  ...(a.approvedUnits !== undefined ? { approvedUnits: a.approvedUnits, remainingUnits: Math.max(0, a.approvedUnits - a.usedUnits) } : {}),
  usedUnits: a.usedUnits,
  ...(a.validFrom ? { validFrom: a.validFrom } : {}),
  ...(a.validTo ? { validTo: a.validTo } : {}),
  ...(a.action ? { action: a.action } : {}),
  ...(a.reason ? { reason: a.reason } : {}),
  ...(a.detail ? { detail: a.detail } : {}),
  ...(a.traceNumber ? { traceNumber: a.traceNumber } : {}),
  ...(a.interchangeControlNumber ? { interchangeControlNumber: a.interchangeControlNumber } : {}),
  usages: a.usages.map((u) => ({ appointmentId: u.appointmentId, units: u.units, at: new Date(u.at).toISOString() })),
  requestedBy: a.requestedBy, requestedAt: new Date(a.requestedAt).toISOString(),
  ...(a.decidedAt ? { decidedAt: new Date(a.decidedAt).toISOString() } : {}),
  version: a.version,
});

/**
 * Prior authorizations: a request goes to the payer as an X12 278 through the clearinghouse and the
 * answer is recorded (approved with number, units and dates; denied; pended, asked again with
 * refresh), or an authorization obtained by phone, portal or fax is recorded as it is. An approved
 * one ends (expired) past its last day or when its units are used: on read and by the daily sweep.
 * Every decision reassesses the patient's upcoming visits.
 */
@Injectable()
export class AuthorizationsService {
  private readonly logger = new Logger(AuthorizationsService.name);
  private readonly adapter: HttpClearinghouseAdapter;

  constructor(
    private readonly authorizations: AuthorizationsRepository,
    private readonly coverages: CoveragesService,
    private readonly patients: PatientCheck,
    private readonly payers: PayersRepository,
    private readonly sites: SitesRepository,
    private readonly assessments: VisitAssessmentsService,
    private readonly events: EventFactory,
    controlNumbers: ControlNumbersRepository,
    @Inject(APP_CONFIG) private readonly config: InsuranceConfig,
  ) {
    // The same interchange control number sequence as the 270s: one sender, one receiver, never reused.
    this.adapter = controlNumbers.clearinghouse(config);
  }

  async list(user: AuthUser, patientId: string): Promise<ListResponse<AuthorizationDto>> {
    await this.patients.assertVisible(patientId);
    const found = await this.authorizations.forPatient(SiteScope.of(user), patientId);
    const items = (await Promise.all(found.map((a) => this.settle(a))))
      .sort((a, b) => new Date(b.requestedAt).getTime() - new Date(a.requestedAt).getTime())
      .map(toAuthorizationDto);
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  async get(user: AuthUser, id: string): Promise<AuthorizationDto> {
    return toAuthorizationDto(await this.settle(await this.open(user, id)));
  }

  async create(user: AuthUser, patientId: string, request: CreateAuthorizationRequest): Promise<AuthorizationDto> {
    const coverage = await this.coverages.open(user, request.coverageId);
    if (coverage.patientId !== patientId) throw notFound('COVERAGE.NOT_FOUND', `Patient ${patientId} has no coverage ${request.coverageId}.`);
    const siteId = request.siteId ?? user.siteIds[0];
    if (!siteId || !SiteScope.of(user).covers(siteId)) throw forbidden('AUTH.SITE_FORBIDDEN', `You do not work at site ${siteId ?? '(none)'}.`);
    const problems = requestProblems(request);
    if (problems.length) throw invalid('AUTHORIZATION.INVALID_REQUEST', `The authorization cannot be recorded: ${problems.join('; ')}.`, [{ field: 'body', messages: problems }]);
    const now = new Date();
    const base: Omit<AuthorizationRecord, 'version' | 'status'> = {
      _id: `auth-${randomUUID()}`, patientId, coverageId: coverage._id, payerId: coverage.payerId, planId: coverage.planId, siteId,
      source: request.obtainedVia ?? 'x12-278',
      appointmentTypeIds: [...new Set(request.appointmentTypeIds ?? [])], serviceCodes: [...new Set(request.serviceCodes ?? [])],
      diagnosisCodes: request.diagnosisCodes.map((c) => c.toUpperCase()),
      requestedUnits: request.requestedUnits, requestedFrom: request.from, requestedTo: request.to,
      ...(request.providerId ? { providerId: request.providerId } : {}),
      usedUnits: 0, usages: [], history: [], requestedBy: user.id, requestedAt: now,
    };
    const scope = SiteScope.of(user);
    if (request.obtainedVia) {
      const record: Omit<AuthorizationRecord, 'version'> = {
        ...base, status: 'approved', authorizationNumber: request.authorizationNumber, approvedUnits: request.approvedUnits, validFrom: request.from, validTo: request.to,
        decidedAt: now, history: [{ at: now, status: 'approved', reason: request.obtainedVia.toUpperCase(), by: user.id }],
      };
      const saved = await this.authorizations.insert(scope, record, [this.events.outboxEntry(AuthorizationDecidedV1, { subject: patientId, siteId, data: authorizationEventData(record, user.id) })]);
      await this.assessments.reassessPatient(patientId);
      return toAuthorizationDto(await this.settle(saved));
    }
    const patient = await this.patients.open(patientId);
    const traceNumber = `PA${randomUUID().replace(/-/g, '').slice(0, 28).toUpperCase()}`;
    const review = await this.reviewRequest(base, coverage, patient, traceNumber);
    const reviewProblems = reviewRequestProblems(review);
    if (reviewProblems.length) throw invalid('AUTHORIZATION.INVALID_REQUEST', `The 278 cannot be sent: ${reviewProblems.join('; ')}.`, [{ field: 'body', messages: reviewProblems }]);
    const { verdict, interchangeControlNumber } = await this.send(review, base);
    const record: Omit<AuthorizationRecord, 'version'> = {
      ...base, ...verdict, traceNumber, ...(interchangeControlNumber ? { interchangeControlNumber } : {}),
      ...(verdict.status !== 'pending' ? { decidedAt: new Date() } : {}),
      history: [{ at: now, status: 'pending', by: user.id }, ...(verdict.status !== 'pending' ? [{ at: new Date(), status: verdict.status, action: verdict.action, reason: verdict.reason, by: user.id }] : [])],
    };
    const events: OutboxEntry[] = [
      this.events.outboxEntry(AuthorizationRequestedV1, { subject: patientId, siteId, data: authorizationEventData({ ...record, status: 'pending' }, user.id) }),
      ...(verdict.status !== 'pending' ? [this.events.outboxEntry(AuthorizationDecidedV1, { subject: patientId, siteId, data: authorizationEventData(record, user.id) })] : []),
    ];
    const saved = await this.authorizations.insert(scope, record, events);
    await this.assessments.reassessPatient(patientId);
    return toAuthorizationDto(saved);
  }

  /** Asks the payer again about a pending authorization: the same 278 (same trace) in a new interchange. */
  async refresh(user: AuthUser, id: string): Promise<AuthorizationDto> {
    const current = await this.open(user, id);
    if (current.status !== 'pending') throw conflict('AUTHORIZATION.NOT_PENDING', `Authorization ${id} is ${current.status}; only a pending one is asked again.`);
    if (!current.traceNumber) throw conflict('AUTHORIZATION.NOT_PENDING', `Authorization ${id} was not requested with a 278.`);
    const coverage = await this.coverages.open(user, current.coverageId);
    const patient = await this.patients.open(current.patientId);
    const review = await this.reviewRequest(current, coverage, patient, current.traceNumber);
    const { verdict, interchangeControlNumber } = await this.send(review, current);
    const outcome = await this.authorizations.update(SiteScope.of(user), id, (a) => {
      if (a.status !== 'pending') return null;
      const next = { ...a, ...verdict };
      const decided = verdict.status !== 'pending' || verdict.reason !== a.reason || verdict.action !== a.action;
      return {
        set: {
          status: verdict.status, action: verdict.action, reason: verdict.reason, detail: verdict.detail, authorizationNumber: verdict.authorizationNumber,
          approvedUnits: verdict.approvedUnits, validFrom: verdict.validFrom, validTo: verdict.validTo,
          ...(interchangeControlNumber ? { interchangeControlNumber } : {}),
          ...(verdict.status !== 'pending' ? { decidedAt: new Date() } : {}),
        },
        push: { history: { at: new Date(), status: verdict.status, action: verdict.action, reason: verdict.reason, by: user.id } },
        events: decided ? [this.events.outboxEntry(AuthorizationDecidedV1, { subject: a.patientId, siteId: a.siteId, data: authorizationEventData(next, user.id) })] : [],
      };
    });
    if (!outcome) throw notFound('AUTHORIZATION.NOT_FOUND', `There is no authorization ${id}.`);
    if (outcome.doc.status !== 'pending') await this.assessments.reassessPatient(outcome.doc.patientId);
    return toAuthorizationDto(outcome.doc);
  }

  /**
   * Booking's question, answered as the caller (who must work at the booking's site): what the visit
   * would need from the patient's primary payer and whether the payer blocks booking without it. No
   * care-relationship check: a
   * booking may bring a patient of another site (scheduling decides who may book); the answer holds
   * no patient data beyond the need.
   */
  async check(user: AuthUser, request: AuthorizationCheckRequest): Promise<AuthorizationCheckDto> {
    SiteScope.of(user).assert(request.siteId);
    let dateOfService = request.dateOfService;
    if (!dateOfService) {
      if (!request.start || Number.isNaN(Date.parse(request.start))) throw invalid('AUTHORIZATION.INVALID_CHECK', 'Give dateOfService, or start (and siteId).', [{ field: 'dateOfService', messages: ['required without a valid start'] }]);
      const zone = (await this.sites.timeZoneOf(request.siteId)) ?? 'America/New_York';
      dateOfService = dateOfServiceAt(new Date(request.start).toISOString(), zone);
    }
    const assessment = await this.assessments.assessmentFor(request.patientId, { appointmentTypeId: request.appointmentTypeId, dateOfService });
    return {
      requirement: assessment.requirement, state: assessment.state, blocked: bookingBlocked(assessment), dateOfService,
      ...(assessment.authorizationId ? { authorizationId: assessment.authorizationId } : {}),
      ...(assessment.payerId ? { payerId: assessment.payerId } : {}),
    };
  }

  /** The daily sweep: every approved authorization past its end (or out of units) is expired. */
  async expireDue(): Promise<number> {
    const today = todayInNetwork();
    const due: AuthorizationRecord[] = [];
    await this.authorizations.forEach(SYSTEM, (a) => {
      if (expiryReason(a, today)) due.push(a);
    });
    for (const a of due) await this.settle(a);
    return due.length;
  }

  /** An approved authorization that has ended is expired now (authorization.expired), and the patient's visits reassessed. */
  private async settle(a: AuthorizationRecord): Promise<AuthorizationRecord> {
    const today = todayInNetwork();
    if (!expiryReason(a, today)) return a;
    const outcome = await this.authorizations.update(SYSTEM, a._id, (current) => {
      const reason = expiryReason(current, today);
      if (!reason) return null;
      const next: AuthorizationRecord = { ...current, status: 'expired', reason };
      return {
        set: { status: 'expired', reason },
        push: { history: { at: new Date(), status: 'expired', reason, by: SYSTEM.actor } },
        events: [this.events.outboxEntry(AuthorizationExpiredV1, { subject: current.patientId, siteId: current.siteId, data: authorizationEventData(next, SYSTEM.actor) })],
      };
    });
    if (outcome?.written) {
      this.logger.log(`authorization ${a._id} expired (${outcome.doc.reason})`);
      await this.assessments.reassessPatient(a.patientId);
    }
    return outcome?.doc ?? a;
  }

  /** An authorization the caller may see (its patient is theirs to see), else 404 AUTHORIZATION.NOT_FOUND. */
  private async open(user: AuthUser, id: string): Promise<AuthorizationRecord> {
    const found = await this.authorizations.findById(SiteScope.of(user), id);
    if (!found) throw notFound('AUTHORIZATION.NOT_FOUND', `There is no authorization ${id}.`);
    try {
      await this.patients.assertVisible(found.patientId);
    } catch (error) {
      if ((error as { code?: string }).code === 'PATIENT.NOT_FOUND') throw notFound('AUTHORIZATION.NOT_FOUND', `There is no authorization ${id}.`);
      throw error;
    }
    return found;
  }

  private async reviewRequest(a: Pick<AuthorizationRecord, 'payerId' | 'diagnosisCodes' | 'requestedFrom' | 'requestedTo' | 'requestedUnits' | 'serviceCodes'>, coverage: CoverageRecord, patient: VisiblePatient, traceNumber: string): Promise<ReviewRequest> {
    const payer = await this.payers.findById(SYSTEM, a.payerId);
    const subscriber = coverage.relationship === 'self' ? undefined : coverage.subscriber;
    return {
      traceNumber,
      traceOriginatorId: this.config.X12_TRACE_ORIGINATOR_ID,
      payer: { name: (payer?.name ?? a.payerId).toUpperCase().slice(0, 60), id: payer?.ediPayerId ?? a.payerId },
      requester: { organizationName: this.config.ELIGIBILITY_PROVIDER_NAME, npi: this.config.ELIGIBILITY_PROVIDER_NPI },
      subscriber: subscriber
        ? { memberId: coverage.memberId, firstName: subscriber.firstName, lastName: subscriber.lastName, birthDate: subscriber.dateOfBirth }
        : { memberId: coverage.memberId, firstName: patient.firstName, lastName: patient.lastName, birthDate: patient.dateOfBirth, gender: gender(patient.sex) },
      ...(!subscriber ? {} : { dependent: { firstName: patient.firstName, lastName: patient.lastName, birthDate: patient.dateOfBirth, gender: gender(patient.sex) } }),
      diagnosisCodes: a.diagnosisCodes,
      from: a.requestedFrom,
      to: a.requestedTo,
      quantity: a.requestedUnits,
      services: a.serviceCodes.map((procedureCode) => ({ procedureCode, quantity: a.requestedUnits })),
    };
  }

  /** Sends the 278; whatever happens is a verdict (a payer that is down leaves it pending), never an error to the caller. */
  private async send(review: ReviewRequest, a: Pick<AuthorizationRecord, 'requestedUnits' | 'requestedFrom' | 'requestedTo'>): Promise<{ verdict: ReviewVerdict; interchangeControlNumber?: string }> {
    let outcome: ReviewOutcome;
    try {
      outcome = await this.adapter.requestReview(review);
    } catch (error) {
      this.logger.warn(`278 trace ${review.traceNumber} was not sent: ${errorMessageForLog(error)}`);
      return { verdict: { status: 'pending', reason: 'NOT_SENT', detail: 'the request could not be sent; refresh to try again' } };
    }
    const verdict = verdictOfReview(outcome, { units: a.requestedUnits, from: a.requestedFrom, to: a.requestedTo });
    this.logger.log(`278 trace ${review.traceNumber}: ${outcome.status} -> ${verdict.status}${verdict.action ? ` (${verdict.action})` : ''}`);
    return { verdict, ...('exchange' in outcome ? { interchangeControlNumber: outcome.exchange.interchangeControlNumber } : {}) };
  }
}

/** Problems of a request that no 278 could fix: dates, a recorded one without its number or units, nothing to authorize. */
export function requestProblems(r: CreateAuthorizationRequest): string[] {
  const problems: string[] = [];
  const real = (d: string) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
  if (!real(r.from) || !real(r.to)) problems.push('from and to must be real dates');
  else if (r.to < r.from) problems.push(`to ${r.to} is before from ${r.from}`);
  if (!r.appointmentTypeIds?.length && !r.serviceCodes?.length) problems.push('name the appointment types and/or the service codes to authorize');
  if (r.obtainedVia && (!r.authorizationNumber || !r.approvedUnits)) problems.push('an authorization obtained outside a 278 needs its authorizationNumber and approvedUnits');
  if (!r.obtainedVia && (r.authorizationNumber || r.approvedUnits)) problems.push('authorizationNumber and approvedUnits come from the payer; give them only with obtainedVia');
  return problems;
}
