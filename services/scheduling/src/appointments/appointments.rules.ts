import { DateTime } from 'luxon';
import { AppointmentStatus } from '@clinic-flow/contracts';
import { conflict, forbidden, unprocessable } from '@clinic-flow/platform';

/** Lifecycle of an appointment; anything else is an illegal transition (409). */
export const TRANSITIONS: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  booked: ['confirmed', 'checked-in', 'cancelled', 'no-show'],
  confirmed: ['checked-in', 'cancelled', 'no-show'],
  'checked-in': ['completed'],
  completed: [],
  cancelled: [],
  'no-show': [],
};

export function assertTransition(from: AppointmentStatus, to: AppointmentStatus): void {
  if (!TRANSITIONS[from].includes(to)) {
    throw conflict('APPOINTMENT.INVALID_TRANSITION', `An appointment that is ${from} cannot become ${to}.`);
  }
}

/** Statuses from which an appointment may be cancelled (derived from the lifecycle). */
export const CANCELLABLE = (Object.keys(TRANSITIONS) as AppointmentStatus[]).filter((s) => TRANSITIONS[s].includes('cancelled'));

/** Only an appointment nobody has arrived for yet can move; a confirmed one needs confirming again. */
export const RESCHEDULABLE: readonly AppointmentStatus[] = ['booked', 'confirmed'];

/** Statuses that hold their time (and their slot claims). */
export const HOLDS_TIME: readonly AppointmentStatus[] = ['booked', 'confirmed', 'checked-in', 'completed'];

/** The front desk may check a patient in from this long before the start. */
export const CHECK_IN_OPENS_MINUTES = 240;

export interface PlannedSlot {
  start: Date;
  end: Date;
}

/** Checks a requested start against the grid and the clock. */
export function parseStart(value: string, now: Date, gridMinutes: number): Date {
  const start = new Date(value);
  if (Number.isNaN(start.getTime())) throw unprocessable('APPOINTMENT.INVALID_START', 'start is not a valid date-time.');
  if (start.getTime() % (gridMinutes * 60_000) !== 0) {
    throw unprocessable('APPOINTMENT.OFF_GRID', `start must fall on the ${gridMinutes}-minute scheduling grid (seconds = 0).`);
  }
  if (start.getTime() <= now.getTime()) throw unprocessable('APPOINTMENT.START_IN_PAST', 'start must be in the future.');
  return start;
}

/**
 * The grid cells an interval occupies for one resource. Each cell is claimed with a unique key in
 * the database, so two overlapping claims of a resource can never both commit, however concurrent.
 */
export function slotCells(resource: string, slot: PlannedSlot, gridMinutes: number): string[] {
  const gridMs = gridMinutes * 60_000;
  const cells: string[] = [];
  const first = Math.floor(slot.start.getTime() / gridMs) * gridMs;
  for (let t = first; t < slot.end.getTime(); t += gridMs) {
    cells.push(`${resource}|${new Date(t).toISOString()}`);
  }
  return cells;
}

/** What an appointment claims, by the conflict each group reports when taken. */
export interface ClaimPlan {
  /** The provider's time incl. the buffer after; empty for an explicit overbook. */
  provider: string[];
  /** The room's time incl. the buffer; empty without a room. */
  room: string[];
  /** The patient's own time (no buffer): one patient cannot be in two visits at once. */
  patient: string[];
}

export interface ClaimInput {
  providerId: string;
  patientId: string;
  roomId?: string;
  start: Date;
  end: Date;
  blockedUntil: Date;
}

export function claimPlan(a: ClaimInput, gridMinutes: number, options: { skipProvider?: boolean } = {}): ClaimPlan {
  const blocked = { start: a.start, end: a.blockedUntil };
  return {
    provider: options.skipProvider ? [] : slotCells(`provider:${a.providerId}`, blocked, gridMinutes),
    room: a.roomId ? slotCells(`room:${a.roomId}`, blocked, gridMinutes) : [],
    patient: slotCells(`patient:${a.patientId}`, { start: a.start, end: a.end }, gridMinutes),
  };
}

export const allCells = (plan: ClaimPlan): string[] => [...plan.provider, ...plan.room, ...plan.patient];

/** Cells a move must claim anew, and those it gives back once it has committed. */
export function cellMove(held: readonly string[], wanted: readonly string[]): { claim: string[]; release: string[] } {
  const heldSet = new Set(held);
  const wantedSet = new Set(wanted);
  return { claim: wanted.filter((c) => !heldSet.has(c)), release: held.filter((c) => !wantedSet.has(c)) };
}

export interface BookingViolation {
  code: string;
  message: string;
  overridable: boolean;
}

/**
 * Whether a booking may go ahead despite the availability check. Only an office manager who gives
 * a reason overbooks, and only past violations that are overridable; then the provider's own
 * overlap is allowed too (the provider claim is skipped), which is recorded.
 */
export function bookingDecision(
  violations: readonly BookingViolation[],
  request: { overbookReason?: string; mayOverbook: boolean },
): { overbook: boolean } {
  if (request.overbookReason && !request.mayOverbook) {
    throw forbidden('APPOINTMENT.OVERBOOK_FORBIDDEN', 'Only an office manager may overbook.');
  }
  // What no one may override is reported first: it is the more fundamental problem.
  const blocking = [...violations.filter((v) => !v.overridable), ...violations.filter((v) => v.overridable && !request.overbookReason)];
  if (blocking.length) throw unprocessable(blocking[0].code, blocking[0].message);
  return { overbook: !!request.overbookReason };
}

/** Check-in opens CHECK_IN_OPENS_MINUTES before the start. */
export function assertCheckInWindow(start: Date, now: Date): void {
  if (now.getTime() < start.getTime() - CHECK_IN_OPENS_MINUTES * 60_000) {
    throw unprocessable('APPOINTMENT.TOO_EARLY_TO_CHECK_IN', `Check-in opens ${CHECK_IN_OPENS_MINUTES / 60} hours before the appointment.`);
  }
}

/** Staff mark a no-show once the appointment has started. */
export function assertNoShowAllowed(start: Date, now: Date): void {
  if (now.getTime() < start.getTime()) throw unprocessable('APPOINTMENT.NOT_STARTED', 'A no-show can be marked only after the start time.');
}

/** When an appointment nobody checked in for becomes a no-show automatically. */
export const noShowDueAt = (start: Date, afterMinutes: number): Date => new Date(start.getTime() + afterMinutes * 60_000);

/** True when the automatic no-show applies now (still waiting for the patient, grace period over). */
export function isNoShowDue(a: { status: AppointmentStatus; start: Date }, now: Date, afterMinutes: number): boolean {
  return (a.status === 'booked' || a.status === 'confirmed') && now.getTime() >= noShowDueAt(a.start, afterMinutes).getTime();
}

/** When the next periodic visit is due: the visit's day in the site's zone plus the interval. */
export function recallDueOn(start: Date, timeZone: string, intervalMonths: number | undefined): string | undefined {
  if (!intervalMonths) return undefined;
  return DateTime.fromJSDate(start, { zone: timeZone }).plus({ months: intervalMonths }).toISODate() ?? undefined;
}

/** A reschedule request against the appointment as it is now. */
export function assertReschedulable(
  current: { status: AppointmentStatus; providerId: string; start: Date },
  target: { providerId: string; start: Date },
): void {
  if (!RESCHEDULABLE.includes(current.status)) {
    throw conflict('APPOINTMENT.INVALID_TRANSITION', `An appointment that is ${current.status} cannot be rescheduled.`);
  }
  if (current.providerId === target.providerId && current.start.getTime() === target.start.getTime()) {
    throw unprocessable('APPOINTMENT.SAME_SLOT', 'The appointment is already at that time with that provider.');
  }
}

/** Status after a move: a confirmed appointment that moves needs confirming again. */
export const statusAfterReschedule = (status: AppointmentStatus): AppointmentStatus => (status === 'confirmed' ? 'booked' : status);
