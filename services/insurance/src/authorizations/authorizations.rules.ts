/*
 * Pure rules of prior authorizations: what a payer's 278 answer makes of a request, when an
 * approved authorization ends, which authorization covers a visit, and what a visit needs from its
 * primary payer (the assessment the day view flags and booking may refuse on).
 */
import type { AuthorizationStatus, VisitAuthorizationState, VisitRequirement } from '@clinic-flow/contracts';
import type { ReviewDecision, ReviewOutcome } from '@clinic-flow/x12';
import { requirementsFor } from '../payers/payers.rules';
import type { PayerRecord } from '../payers/payers.schema';
import type { AuthorizationRecord } from './authorizations.schema';

/** What a 278 outcome sets on an authorization. */
export interface ReviewVerdict {
  status: AuthorizationStatus;
  action?: string;
  authorizationNumber?: string;
  approvedUnits?: number;
  validFrom?: string;
  validTo?: string;
  reason?: string;
  detail?: string;
}

const APPROVING = ['A1', 'A2', 'A6'];

/**
 * The payer's answer as the authorization's state: A1/A2/A6 approved (number, units and dates as
 * certified, the request's where the payer is silent), A3 denied, A4 pended; a payer that is down or
 * an answer we cannot use leaves it pending with the reason (ask again with refresh).
 */
export function verdictOfReview(outcome: ReviewOutcome, requested: { units: number; from: string; to: string }): ReviewVerdict {
  switch (outcome.status) {
    case 'payer-unavailable':
      return { status: 'pending', reason: 'PAYER_UNAVAILABLE', detail: outcome.detail };
    case 'rejected':
      return { status: 'pending', reason: 'REJECTED', detail: 'the clearinghouse rejected our 278 (999)' };
    case 'invalid-response':
      return { status: 'pending', reason: 'INVALID_RESPONSE', detail: `${outcome.code}: ${outcome.detail}` };
    case 'invalid-request':
      return { status: 'pending', reason: 'INVALID_REQUEST', detail: outcome.problems.join('; ') };
    case 'answered': {
      const r = outcome.response;
      const decision: ReviewDecision | undefined = r.event.decision ?? r.services.find((s) => s.decision)?.decision;
      const detail = decision?.messages.join(' ') || undefined;
      if (!decision) {
        const rejection = [...r.event.rejections, ...r.subscriber.rejections, ...r.requester.rejections, ...r.payer.rejections][0];
        if (rejection) return { status: 'denied', reason: `AAA_${rejection.reasonCode}`, detail: rejection.reason };
        return { status: 'pending', reason: 'NO_DECISION', detail: 'the 278 response holds no decision' };
      }
      const base = { action: decision.action, ...(decision.reasonCode ? { reason: decision.reasonCode } : {}), ...(detail ? { detail } : {}) };
      if (APPROVING.includes(decision.action)) {
        return {
          status: 'approved', ...base,
          ...(decision.authorizationNumber ? { authorizationNumber: decision.authorizationNumber } : {}),
          approvedUnits: decision.quantity ?? requested.units,
          validFrom: decision.from ?? requested.from,
          validTo: decision.to ?? requested.to,
        };
      }
      if (decision.action === 'A3') return { status: 'denied', ...base, reason: decision.reasonCode ?? 'A3' };
      if (decision.action === 'A4') return { status: 'pending', ...base, reason: decision.reasonCode ?? 'PENDED' };
      return { status: 'pending', ...base, reason: decision.reasonCode ?? `ACTION_${decision.action}` };
    }
  }
}

/** Why an approved authorization has ended, or null: past its last day, or every approved unit used. */
export function expiryReason(a: Pick<AuthorizationRecord, 'status' | 'validTo' | 'approvedUnits' | 'usedUnits'>, today: string): 'EXPIRED' | 'UNITS_USED' | null {
  if (a.status !== 'approved') return null;
  if (a.approvedUnits !== undefined && a.usedUnits >= a.approvedUnits) return 'UNITS_USED';
  if (a.validTo && a.validTo < today) return 'EXPIRED';
  return null;
}

/** What the assessment needs of a coverage. */
export interface CoverageFacts {
  _id: string;
  payerId: string;
  planId: string;
  order: string;
  effectiveDate: string;
  terminationDate?: string;
}

/** The primary coverage in force on a date of service. */
export function primaryOn<C extends CoverageFacts>(coverages: C[], date: string): C | undefined {
  return coverages.find((c) => c.order === 'primary' && c.effectiveDate <= date && (!c.terminationDate || date <= c.terminationDate));
}

export interface VisitFacts {
  /** The appointment id (none for a booking not made yet). */
  id?: string;
  appointmentTypeId?: string;
  dateOfService: string;
}

const sameCoverage = (a: AuthorizationRecord, coverage: CoverageFacts) => a.coverageId === coverage._id || a.payerId === coverage.payerId;

/** An authorization for these appointment types covers them; one naming none covers any visit under its coverage. */
const sameKind = (a: AuthorizationRecord, visit: VisitFacts) =>
  a.appointmentTypeIds.length ? !!visit.appointmentTypeId && a.appointmentTypeIds.includes(visit.appointmentTypeId) : a.serviceCodes.length === 0;

/**
 * The authorization that covers a visit: one the visit already used a unit of (even if that unit
 * was the last), else an approved one of the same coverage or payer, for the visit's type, whose
 * dates hold the date of service and with units left.
 */
export function coveringAuthorization(authorizations: AuthorizationRecord[], coverage: CoverageFacts, visit: VisitFacts): AuthorizationRecord | undefined {
  const used = visit.id ? authorizations.find((a) => a.usages.some((u) => u.appointmentId === visit.id) && (a.status === 'approved' || a.status === 'expired')) : undefined;
  if (used) return used;
  return authorizations.find(
    (a) => a.status === 'approved' && sameCoverage(a, coverage) && sameKind(a, visit) &&
      (a.validFrom ?? a.requestedFrom) <= visit.dateOfService && visit.dateOfService <= (a.validTo ?? a.requestedTo) &&
      (a.approvedUnits === undefined || a.usedUnits < a.approvedUnits),
  );
}

export interface Assessment {
  requirement: VisitRequirement;
  state: VisitAuthorizationState;
  authorizationId?: string;
  /** The payer blocks booking without the authorization (per-payer setting). */
  blocking: boolean;
  payerId?: string;
}

/**
 * What a visit needs from its primary payer's and plan's rules (an authorization wins over a
 * referral), and whether it has it. No primary coverage or an unknown payer: unknown. A referral
 * is the desk's to check in patient-records (state unknown).
 */
export function assessVisit(visit: VisitFacts, primary: CoverageFacts | undefined, payer: PayerRecord | null | undefined, authorizations: AuthorizationRecord[]): Assessment {
  if (!primary || !payer) return { requirement: 'none', state: 'unknown', blocking: false, ...(primary ? { payerId: primary.payerId } : {}) };
  const needs = requirementsFor(payer, primary.planId, { appointmentTypeId: visit.appointmentTypeId });
  if (!needs.priorAuthorizationRequired) {
    return needs.referralRequired
      ? { requirement: 'referral', state: 'unknown', blocking: false, payerId: payer._id }
      : { requirement: 'none', state: 'not-required', blocking: false, payerId: payer._id };
  }
  const blocking = payer.blockWithoutAuthorization;
  const covering = coveringAuthorization(authorizations, primary, visit);
  if (covering) return { requirement: 'authorization', state: 'covered', authorizationId: covering._id, blocking, payerId: payer._id };
  const pending = authorizations.find(
    (a) => a.status === 'pending' && sameCoverage(a, primary) && sameKind(a, visit) && a.requestedFrom <= visit.dateOfService && visit.dateOfService <= a.requestedTo,
  );
  if (pending) return { requirement: 'authorization', state: 'pending', authorizationId: pending._id, blocking, payerId: payer._id };
  return { requirement: 'authorization', state: 'missing', blocking, payerId: payer._id };
}

/** Whether booking must be refused: the payer blocks and the visit has no valid authorization. */
export const bookingBlocked = (a: Assessment): boolean => a.requirement === 'authorization' && a.blocking && a.state !== 'covered';

/** Whether two assessments say the same (an unchanged one is not published again). */
export const sameAssessment = (a: Pick<Assessment, 'requirement' | 'state' | 'authorizationId' | 'blocking'>, b: Pick<Assessment, 'requirement' | 'state' | 'authorizationId' | 'blocking'>): boolean =>
  a.requirement === b.requirement && a.state === b.state && (a.authorizationId ?? null) === (b.authorizationId ?? null) && a.blocking === b.blocking;
