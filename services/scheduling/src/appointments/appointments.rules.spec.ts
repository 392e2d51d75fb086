import { assertTransition, CANCELLABLE, planSlot, slotCells } from './appointments.rules';

const now = new Date('2026-12-01T12:00:00Z');

describe('planSlot', () => {
  it('accepts a future start on the grid and computes the end', () => {
    const slot = planSlot({ start: '2026-12-01T09:30:00-05:00', durationMinutes: 30 }, now, 5);
    expect(slot.start.toISOString()).toBe('2026-12-01T14:30:00.000Z');
    expect(slot.end.toISOString()).toBe('2026-12-01T15:00:00.000Z');
  });

  it('refuses a start in the past', () => {
    expect(() => planSlot({ start: '2026-12-01T11:55:00Z', durationMinutes: 30 }, now, 5)).toThrow(
      expect.objectContaining({ code: 'APPOINTMENT.START_IN_PAST' }),
    );
  });

  it('refuses a start or a length off the grid', () => {
    expect(() => planSlot({ start: '2026-12-01T13:02:00Z', durationMinutes: 30 }, now, 5)).toThrow(expect.objectContaining({ code: 'APPOINTMENT.OFF_GRID' }));
    expect(() => planSlot({ start: '2026-12-01T13:00:00Z', durationMinutes: 32 }, now, 5)).toThrow(expect.objectContaining({ code: 'APPOINTMENT.OFF_GRID' }));
    expect(planSlot({ start: '2026-12-01T13:02:00Z', durationMinutes: 7 }, now, 1).end.toISOString()).toBe('2026-12-01T13:09:00.000Z');
  });
});

describe('slotCells', () => {
  it('lists one cell per grid step of the interval, end excluded', () => {
    const cells = slotCells('prov-1', { start: new Date('2026-12-01T14:30:00Z'), end: new Date('2026-12-01T14:45:00Z') }, 5);
    expect(cells).toEqual(['prov-1|2026-12-01T14:30:00.000Z', 'prov-1|2026-12-01T14:35:00.000Z', 'prov-1|2026-12-01T14:40:00.000Z']);
  });

  it('makes overlapping intervals share a cell and back-to-back ones share none', () => {
    const a = slotCells('p', { start: new Date('2026-12-01T14:00:00Z'), end: new Date('2026-12-01T14:30:00Z') }, 5);
    const overlapping = slotCells('p', { start: new Date('2026-12-01T14:25:00Z'), end: new Date('2026-12-01T14:35:00Z') }, 5);
    const adjacent = slotCells('p', { start: new Date('2026-12-01T14:30:00Z'), end: new Date('2026-12-01T15:00:00Z') }, 5);
    expect(a.filter((c) => overlapping.includes(c))).toHaveLength(1);
    expect(a.filter((c) => adjacent.includes(c))).toHaveLength(0);
  });
});

describe('lifecycle', () => {
  it('allows cancelling booked and confirmed appointments only', () => {
    expect(CANCELLABLE.sort()).toEqual(['booked', 'confirmed']);
    expect(() => assertTransition('booked', 'cancelled')).not.toThrow();
    expect(() => assertTransition('cancelled', 'cancelled')).toThrow(expect.objectContaining({ code: 'APPOINTMENT.INVALID_TRANSITION' }));
    expect(() => assertTransition('completed', 'booked')).toThrow(expect.objectContaining({ code: 'APPOINTMENT.INVALID_TRANSITION' }));
  });
});
