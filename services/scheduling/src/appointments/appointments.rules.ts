import { AppointmentStatus } from '@clinic-flow/contracts';
import { conflict, unprocessable } from '@clinic-flow/platform';

/** Lifecycle of an appointment; anything else is an illegal transition. */
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

export interface PlannedSlot {
  start: Date;
  end: Date;
}

/** Checks a requested time against the grid and the clock; returns the exact interval. */
export function planSlot(input: { start: string; durationMinutes: number }, now: Date, gridMinutes: number): PlannedSlot {
  const start = new Date(input.start);
  if (Number.isNaN(start.getTime())) throw unprocessable('APPOINTMENT.INVALID_START', 'start is not a valid date-time.');
  const gridMs = gridMinutes * 60_000;
  if (start.getTime() % gridMs !== 0) {
    throw unprocessable('APPOINTMENT.OFF_GRID', `start must fall on the ${gridMinutes}-minute scheduling grid (seconds = 0).`);
  }
  if (input.durationMinutes % gridMinutes !== 0) {
    throw unprocessable('APPOINTMENT.OFF_GRID', `durationMinutes must be a multiple of ${gridMinutes}.`);
  }
  if (start.getTime() <= now.getTime()) throw unprocessable('APPOINTMENT.START_IN_PAST', 'start must be in the future.');
  return { start, end: new Date(start.getTime() + input.durationMinutes * 60_000) };
}

/**
 * The grid cells an appointment occupies for one resource. Each cell is claimed with a unique
 * key in the database, so two overlapping bookings can never both commit, however concurrent.
 */
export function slotCells(resource: string, slot: PlannedSlot, gridMinutes: number): string[] {
  const gridMs = gridMinutes * 60_000;
  const cells: string[] = [];
  for (let t = slot.start.getTime(); t < slot.end.getTime(); t += gridMs) {
    cells.push(`${resource}|${new Date(t).toISOString()}`);
  }
  return cells;
}
