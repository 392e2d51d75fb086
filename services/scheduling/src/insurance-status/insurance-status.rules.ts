import type {
  DayViewAuthorizationDto,
  DayViewEligibilityDto,
  EligibilityCheckedData,
  EligibilityStatus,
  VisitAuthorizationData,
  VisitAuthorizationState,
} from '@clinic-flow/contracts';

/*
 * What the front desk sees of insurance on the day view, from insurance's events: pure rules, no I/O.
 * Rows hold ids, codes and dates only (no patient data): the day view adds them to appointments it
 * already shows by id.
 */

/** The latest primary check of a visit for one date of service (key: `<appointmentId>:<dateOfService>`). */
export interface VisitEligibilityRow {
  _id: string;
  appointmentId: string;
  dateOfService: string;
  checkId: string;
  coverageId: string;
  status: EligibilityStatus;
  reason?: string;
  /** When the check was made (the event's time): the latest check wins. */
  asOf: Date;
}

/** The latest authorization assessment of a visit (key: the appointment id). */
export interface VisitAuthorizationRow {
  _id: string;
  requirement: VisitAuthorizationData['requirement'];
  state: VisitAuthorizationState;
  blocking: boolean;
  authorizationId?: string;
  asOf: Date;
}

/** The key of a visit's eligibility for a date: a check for another date (before a reschedule) never answers for this one. */
export const eligibilityKey = (appointmentId: string, dateOfService: string): string => `${appointmentId}:${dateOfService}`;

/**
 * The row an `eligibility.checked` sets, or null when it says nothing about a visit's status: a
 * check for no appointment, or of a secondary or tertiary coverage (the desk sees the primary's;
 * a check without `order` is taken as the primary's, as the only coverage a visit was checked with).
 */
export function eligibilityRowOf(data: EligibilityCheckedData, checkedAt: Date): VisitEligibilityRow | null {
  if (!data.appointmentId) return null;
  if (data.order && data.order !== 'primary') return null;
  return {
    _id: eligibilityKey(data.appointmentId, data.dateOfService),
    appointmentId: data.appointmentId,
    dateOfService: data.dateOfService,
    checkId: data.checkId,
    coverageId: data.coverageId,
    status: data.status,
    ...(data.reason ? { reason: data.reason } : {}),
    asOf: checkedAt,
  };
}

const DESK_STATUS: Record<EligibilityStatus, DayViewEligibilityDto['status']> = {
  active: 'verified',
  inactive: 'inactive',
  'needs-attention': 'needs-attention',
  // The desk acts the same way: the payer did not answer, someone has to look (it is retried).
  'payer-unavailable': 'needs-attention',
};

/**
 * The eligibility the day view shows for a visit on the date it is shown on: the latest primary
 * check for that date, or not-checked (none yet, or only checks for the date it had before a reschedule).
 */
export function eligibilityOf(row: VisitEligibilityRow | undefined, dateOfService: string): DayViewEligibilityDto {
  if (!row || row.dateOfService !== dateOfService) return { status: 'not-checked' };
  return { status: DESK_STATUS[row.status], checkedAt: row.asOf.toISOString(), checkId: row.checkId, ...(row.reason ? { reason: row.reason } : {}) };
}

export function authorizationRowOf(data: VisitAuthorizationData, assessedAt: Date): VisitAuthorizationRow {
  return {
    _id: data.appointmentId,
    requirement: data.requirement,
    state: data.state,
    blocking: data.blocking,
    ...(data.authorizationId ? { authorizationId: data.authorizationId } : {}),
    asOf: assessedAt,
  };
}

/** States the desk has to act on before the visit: no authorization yet, or one still with the payer. */
const FLAGGED: ReadonlySet<VisitAuthorizationState> = new Set(['missing', 'pending']);

/** What the day view shows of a visit's authorization; absent until insurance assessed the visit. */
export function authorizationOf(row: VisitAuthorizationRow | undefined): DayViewAuthorizationDto | undefined {
  if (!row) return undefined;
  return {
    requirement: row.requirement,
    state: row.state,
    blocking: row.blocking,
    flagged: FLAGGED.has(row.state),
    ...(row.authorizationId ? { authorizationId: row.authorizationId } : {}),
  };
}
