import { openSlotStarts, roomsFree, SlotInput } from './slots.rules';

const M = 60_000;
const at = (hhmm: string) => Date.parse(`2026-12-01T${hhmm}:00Z`);
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const base: SlotInput = { spans: [{ start: at('09:00'), end: at('12:00') }], busy: [], rooms: [], durationMs: 45 * M, bufferMs: 15 * M, gridMs: 5 * M, earliest: 0, latest: Infinity };

describe('openSlotStarts', () => {
  it('lays slots back to back, each taking duration plus buffer', () => {
    expect(openSlotStarts(base).map(hhmm)).toEqual(['09:00', '10:00', '11:00']);
  });

  it('lets the last buffer run past the session end but not the appointment', () => {
    expect(openSlotStarts({ ...base, spans: [{ start: at('09:00'), end: at('10:45') }] }).map(hhmm)).toEqual(['09:00', '10:00']);
  });

  it('skips busy time, restarting at the end of a booking\'s buffer rounded up to the grid', () => {
    const busy = [{ start: at('09:30'), end: at('10:07') }];
    expect(openSlotStarts({ ...base, busy }).map(hhmm)).toEqual(['10:10', '11:10']);
    expect(openSlotStarts({ ...base, durationMs: 20 * M, bufferMs: 0, busy }).map(hhmm)).toEqual(['09:00', '10:10', '10:30', '10:50', '11:10', '11:30']);
  });

  it('does not offer a slot whose buffer would run into the next booking', () => {
    const busy = [{ start: at('09:50'), end: at('10:00') }];
    expect(openSlotStarts({ ...base, busy }).map(hhmm)).toEqual(['10:00', '11:00']);
  });

  it('keeps the session rhythm when lead time cuts into it, and stops at the horizon', () => {
    expect(openSlotStarts({ ...base, earliest: at('09:01') }).map(hhmm)).toEqual(['10:00', '11:00']);
    expect(openSlotStarts({ ...base, latest: at('10:00') }).map(hhmm)).toEqual(['09:00', '10:00']);
  });

  it('rounds a session starting off the grid up to it', () => {
    expect(openSlotStarts({ ...base, spans: [{ start: at('09:02'), end: at('10:30') }], durationMs: 20 * M, bufferMs: 0 }).map(hhmm)).toEqual(['09:05', '09:25', '09:45', '10:05']);
  });

  it('needs one free room of the kind when the type asks for a room', () => {
    const roomA = [{ start: at('09:00'), end: at('10:00') }];
    const roomB = [{ start: at('09:00'), end: at('09:30') }];
    expect(openSlotStarts({ ...base, rooms: [roomA, roomB] }).map(hhmm)).toEqual(['09:30', '10:30']);
    expect(openSlotStarts({ ...base, rooms: [roomA] }).map(hhmm)).toEqual(['10:00', '11:00']);
  });
});

describe('roomsFree', () => {
  it('answers true without rooms, or the earliest time one frees up', () => {
    expect(roomsFree([], 0, 10)).toBe(true);
    expect(roomsFree([[{ start: 0, end: 20 }], [{ start: 5, end: 15 }]], 0, 10)).toBe(15);
    expect(roomsFree([[{ start: 0, end: 20 }], [{ start: 10, end: 15 }]], 0, 10)).toBe(true);
  });
});
