import { APPOINTMENT_STATUSES, AppointmentStatus } from '@clinic-flow/contracts';
import {
  allCells,
  assertCheckInWindow,
  assertNoShowAllowed,
  assertReschedulable,
  assertTransition,
  bookingDecision,
  CANCELLABLE,
  cellMove,
  claimPlan,
  isNoShowDue,
  noShowDueAt,
  parseStart,
  recallDueOn,
  slotCells,
  statusAfterReschedule,
} from './appointments.rules';

const now = new Date('2026-12-01T12:00:00Z');
const at = (iso: string) => new Date(iso);

describe('parseStart', () => {
  it('accepts a future start on the grid, whatever offset it is written in', () => {
    expect(parseStart('2026-12-01T09:30:00-05:00', now, 5).toISOString()).toBe('2026-12-01T14:30:00.000Z');
  });

  it('refuses a start in the past, off the grid, or not a date', () => {
    expect(() => parseStart('2026-12-01T11:55:00Z', now, 5)).toThrow(expect.objectContaining({ code: 'APPOINTMENT.START_IN_PAST' }));
    expect(() => parseStart('2026-12-01T13:02:00Z', now, 5)).toThrow(expect.objectContaining({ code: 'APPOINTMENT.OFF_GRID' }));
    expect(() => parseStart('2026-12-01T13:02:30Z', now, 1)).toThrow(expect.objectContaining({ code: 'APPOINTMENT.OFF_GRID' }));
    expect(parseStart('2026-12-01T13:02:00Z', now, 1).toISOString()).toBe('2026-12-01T13:02:00.000Z');
    expect(() => parseStart('2026-13-01T10:00:00Z', now, 5)).toThrow(expect.objectContaining({ code: 'APPOINTMENT.INVALID_START' }));
  });
});

describe('cells', () => {
  it('lists one cell per grid step of the interval, end excluded', () => {
    const cells = slotCells('provider:p1', { start: at('2026-12-01T14:30:00Z'), end: at('2026-12-01T14:45:00Z') }, 5);
    expect(cells).toEqual(['provider:p1|2026-12-01T14:30:00.000Z', 'provider:p1|2026-12-01T14:35:00.000Z', 'provider:p1|2026-12-01T14:40:00.000Z']);
  });

  it('makes overlapping intervals share a cell and back-to-back ones share none', () => {
    const a = slotCells('p', { start: at('2026-12-01T14:00:00Z'), end: at('2026-12-01T14:30:00Z') }, 5);
    const overlapping = slotCells('p', { start: at('2026-12-01T14:25:00Z'), end: at('2026-12-01T14:35:00Z') }, 5);
    const adjacent = slotCells('p', { start: at('2026-12-01T14:30:00Z'), end: at('2026-12-01T15:00:00Z') }, 5);
    expect(a.filter((c) => overlapping.includes(c))).toHaveLength(1);
    expect(a.filter((c) => adjacent.includes(c))).toHaveLength(0);
  });

  const visit = { providerId: 'p1', patientId: 'pat1', roomId: 'r1', start: at('2026-12-01T14:00:00Z'), end: at('2026-12-01T14:45:00Z'), blockedUntil: at('2026-12-01T15:00:00Z') };

  it('blocks the provider and the room until the end of the buffer, the patient only for the visit', () => {
    const plan = claimPlan(visit, 15);
    expect(plan.provider).toEqual(['14:00', '14:15', '14:30', '14:45'].map((t) => `provider:p1|2026-12-01T${t}:00.000Z`));
    expect(plan.room).toHaveLength(4);
    expect(plan.room[3]).toBe('room:r1|2026-12-01T14:45:00.000Z');
    expect(plan.patient).toEqual(['patient:pat1|2026-12-01T14:00:00.000Z', 'patient:pat1|2026-12-01T14:15:00.000Z', 'patient:pat1|2026-12-01T14:30:00.000Z']);
  });

  it('lets the next visit start in the buffer for the patient but not for the provider', () => {
    const next = { ...visit, roomId: undefined, start: at('2026-12-01T14:45:00Z'), end: at('2026-12-01T15:00:00Z'), blockedUntil: at('2026-12-01T15:00:00Z') };
    const first = claimPlan(visit, 15);
    const second = claimPlan(next, 15);
    expect(second.patient.filter((c) => first.patient.includes(c))).toEqual([]);
    expect(second.provider.filter((c) => first.provider.includes(c))).toEqual(['provider:p1|2026-12-01T14:45:00.000Z']);
    expect(second.room).toEqual([]);
  });

  it('claims no provider cells for an explicit overbook, but still the room and the patient', () => {
    const plan = claimPlan(visit, 15, { skipProvider: true });
    expect(plan.provider).toEqual([]);
    expect(plan.room).toHaveLength(4);
    expect(plan.patient).toHaveLength(3);
    expect(allCells(plan)).toHaveLength(7);
  });

  it('moves cells: claims only the new ones and gives back only the old ones', () => {
    expect(cellMove(['a', 'b', 'c'], ['b', 'c', 'd'])).toEqual({ claim: ['d'], release: ['a'] });
    expect(cellMove(['a'], ['a'])).toEqual({ claim: [], release: [] });
  });
});

describe('booking decision', () => {
  const outside = { code: 'APPOINTMENT.OUTSIDE_AVAILABILITY', message: 'outside', overridable: true };
  const lead = { code: 'APPOINTMENT.LEAD_TIME', message: 'too soon', overridable: false };

  it('passes a clean booking', () => {
    expect(bookingDecision([], { mayOverbook: false })).toEqual({ overbook: false });
  });

  it('refuses a violation with its code (422), one nobody may override first', () => {
    expect(() => bookingDecision([outside], { mayOverbook: true })).toThrow(expect.objectContaining({ code: 'APPOINTMENT.OUTSIDE_AVAILABILITY', kind: 'unprocessable' }));
    expect(() => bookingDecision([outside, lead], { mayOverbook: false })).toThrow(expect.objectContaining({ code: 'APPOINTMENT.LEAD_TIME' }));
  });

  it('lets an office manager with a reason override overridable violations, and records it as an overbook', () => {
    expect(bookingDecision([outside], { mayOverbook: true, overbookReason: 'Urgent' })).toEqual({ overbook: true });
    expect(bookingDecision([], { mayOverbook: true, overbookReason: 'Double-book on purpose' })).toEqual({ overbook: true });
  });

  it('never overrides a violation that is not overridable', () => {
    expect(() => bookingDecision([outside, lead], { mayOverbook: true, overbookReason: 'Urgent' })).toThrow(expect.objectContaining({ code: 'APPOINTMENT.LEAD_TIME' }));
  });

  it('refuses an overbook by someone who may not (403)', () => {
    expect(() => bookingDecision([], { mayOverbook: false, overbookReason: 'Urgent' })).toThrow(expect.objectContaining({ code: 'APPOINTMENT.OVERBOOK_FORBIDDEN', kind: 'forbidden' }));
  });
});

describe('lifecycle transitions', () => {
  const legal: Array<[AppointmentStatus, AppointmentStatus]> = [
    ['booked', 'confirmed'],
    ['booked', 'checked-in'],
    ['booked', 'cancelled'],
    ['booked', 'no-show'],
    ['confirmed', 'checked-in'],
    ['confirmed', 'cancelled'],
    ['confirmed', 'no-show'],
    ['checked-in', 'completed'],
  ];

  it.each(APPOINTMENT_STATUSES.flatMap((from) => APPOINTMENT_STATUSES.map((to) => [from, to] as const)))('%s -> %s', (from, to) => {
    const ok = legal.some(([f, t]) => f === from && t === to);
    if (ok) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrow(expect.objectContaining({ code: 'APPOINTMENT.INVALID_TRANSITION', kind: 'conflict' }));
  });

  it('derives the cancellable statuses', () => {
    expect([...CANCELLABLE].sort()).toEqual(['booked', 'confirmed']);
  });

  it('opens check-in four hours before the start', () => {
    const start = at('2026-12-01T16:00:00Z');
    expect(() => assertCheckInWindow(start, at('2026-12-01T11:59:00Z'))).toThrow(expect.objectContaining({ code: 'APPOINTMENT.TOO_EARLY_TO_CHECK_IN' }));
    expect(() => assertCheckInWindow(start, at('2026-12-01T12:00:00Z'))).not.toThrow();
    expect(() => assertCheckInWindow(start, at('2026-12-01T16:40:00Z'))).not.toThrow();
  });

  it('lets staff mark a no-show only once the appointment has started', () => {
    const start = at('2026-12-01T16:00:00Z');
    expect(() => assertNoShowAllowed(start, at('2026-12-01T15:59:59Z'))).toThrow(expect.objectContaining({ code: 'APPOINTMENT.NOT_STARTED' }));
    expect(() => assertNoShowAllowed(start, start)).not.toThrow();
  });
});

describe('automatic no-show', () => {
  const start = at('2026-12-01T16:00:00Z');

  it('is due the configured time after the start', () => {
    expect(noShowDueAt(start, 30).toISOString()).toBe('2026-12-01T16:30:00.000Z');
    expect(noShowDueAt(start, 0.25).toISOString()).toBe('2026-12-01T16:00:15.000Z');
  });

  it('applies only to appointments still waiting for the patient, after the grace period', () => {
    expect(isNoShowDue({ status: 'booked', start }, at('2026-12-01T16:29:59Z'), 30)).toBe(false);
    expect(isNoShowDue({ status: 'booked', start }, at('2026-12-01T16:30:00Z'), 30)).toBe(true);
    expect(isNoShowDue({ status: 'confirmed', start }, at('2026-12-01T17:00:00Z'), 30)).toBe(true);
    for (const status of ['checked-in', 'completed', 'cancelled', 'no-show'] as const) {
      expect(isNoShowDue({ status, start }, at('2026-12-01T17:00:00Z'), 30)).toBe(false);
    }
  });
});

describe('recall', () => {
  it("is due the interval after the visit's local day", () => {
    // 03:30 UTC on 1 March is still 28 February in New York.
    expect(recallDueOn(at('2027-03-01T03:30:00Z'), 'America/New_York', 12)).toBe('2028-02-28');
    expect(recallDueOn(at('2027-03-01T15:00:00Z'), 'America/New_York', 6)).toBe('2027-09-01');
    expect(recallDueOn(at('2027-03-01T15:00:00Z'), 'America/New_York', undefined)).toBeUndefined();
  });
});

describe('reschedule', () => {
  const current = { status: 'confirmed' as const, providerId: 'p1', start: at('2026-12-02T15:00:00Z') };

  it('moves booked or confirmed appointments only', () => {
    expect(() => assertReschedulable(current, { providerId: 'p1', start: at('2026-12-03T15:00:00Z') })).not.toThrow();
    expect(() => assertReschedulable({ ...current, status: 'booked' }, { providerId: 'p2', start: current.start })).not.toThrow();
    for (const status of ['checked-in', 'completed', 'cancelled', 'no-show'] as const) {
      expect(() => assertReschedulable({ ...current, status }, { providerId: 'p1', start: at('2026-12-03T15:00:00Z') })).toThrow(
        expect.objectContaining({ code: 'APPOINTMENT.INVALID_TRANSITION' }),
      );
    }
  });

  it('refuses a move to where it already is', () => {
    expect(() => assertReschedulable(current, { providerId: 'p1', start: at('2026-12-02T15:00:00Z') })).toThrow(expect.objectContaining({ code: 'APPOINTMENT.SAME_SLOT' }));
  });

  it('needs a moved confirmed appointment confirmed again', () => {
    expect(statusAfterReschedule('confirmed')).toBe('booked');
    expect(statusAfterReschedule('booked')).toBe('booked');
  });
});
