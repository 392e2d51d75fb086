/*
 * Open slots from availability and busy time, as pure functions over epoch milliseconds.
 * Slots are laid back to back from the start of each free stretch (a session's start, or the end
 * of a booking's buffer rounded up to the grid): each slot takes the type's duration plus its
 * buffer, so a 45-minute visit with a 15-minute buffer is offered on the hour from 08:00.
 */
import type { Span } from '../availability/availability.rules';

/** The first instant on the grid at or after `ms` (the grid counts from the epoch, like slot claims). */
export const ceilToGrid = (ms: number, gridMs: number): number => Math.ceil(ms / gridMs) * gridMs;

/** Index of the first span of a sorted disjoint list that ends after `t`. */
function firstEndingAfter(spans: Span[], t: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The busy span (sorted, disjoint) that meets [start, end), if any. */
export function overlapping(busy: Span[], start: number, end: number): Span | undefined {
  const i = firstEndingAfter(busy, start);
  return i < busy.length && busy[i].start < end ? busy[i] : undefined;
}

/**
 * When a room is free for [start, end): `true`, or the earliest instant worth trying next (when
 * the first of the candidate rooms frees up). No candidate rooms at all means the type needs none.
 */
export function roomsFree(rooms: Span[][], start: number, end: number): true | number {
  if (!rooms.length) return true;
  let next = Infinity;
  for (const busy of rooms) {
    const hit = overlapping(busy, start, end);
    if (!hit) return true;
    next = Math.min(next, hit.end);
  }
  return next;
}

export interface SlotInput {
  /** Where the appointment may run (sorted, disjoint). */
  spans: Span[];
  /** The provider's busy time, [start, blockedUntil) of each live appointment (sorted, disjoint). */
  busy: Span[];
  /** Busy time of each candidate room (sorted, disjoint each); [] when the type needs no room. */
  rooms: Span[][];
  durationMs: number;
  bufferMs: number;
  gridMs: number;
  /** No slot starts before this (lead time, range start). */
  earliest: number;
  /** No slot starts after this (horizon, range end). */
  latest: number;
}

/** Start instants of the open slots, ascending. */
export function openSlotStarts(input: SlotInput): number[] {
  const { durationMs, bufferMs, gridMs, earliest, latest } = input;
  const step = durationMs + bufferMs;
  const starts: number[] = [];
  for (const span of input.spans) {
    let t = ceilToGrid(span.start, gridMs);
    // Slots before `earliest` are laid out but not offered, so the rhythm is the same whatever the range.
    while (t + durationMs <= span.end && t <= latest) {
      const blockedUntil = t + step;
      const hit = overlapping(input.busy, t, blockedUntil);
      if (hit) {
        t = ceilToGrid(hit.end, gridMs);
        continue;
      }
      const room = roomsFree(input.rooms, t, blockedUntil);
      if (room !== true) {
        t = ceilToGrid(room, gridMs);
        continue;
      }
      if (t >= earliest) starts.push(t);
      t += step;
    }
  }
  return starts;
}
