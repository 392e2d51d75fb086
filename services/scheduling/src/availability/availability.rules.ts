/*
 * When a provider can be seen, as pure functions over epoch milliseconds. Templates and opening
 * hours are wall-clock times in the site's time zone, turned into instants per local date with
 * luxon, so 09:00-17:00 stays 09:00-17:00 local on both sides of a DST change.
 */
import { DateTime } from 'luxon';
import type { ProviderRole } from '@clinic-flow/contracts';
import type { AppointmentTypeRecord } from '../catalog/catalog.schema';

/** [start, end) in epoch milliseconds. */
export interface Span {
  start: number;
  end: number;
}

/** A span of availability; `typeIds` restricts which appointment types it takes (absent = any). */
export interface Window extends Span {
  typeIds?: string[];
}

export interface SessionLike {
  weekday: number;
  start: string;
  end: string;
  appointmentTypeIds?: string[];
}

export interface ExceptionLike {
  kind: 'time-off' | 'blocked' | 'extra';
  start: Date;
  end: Date;
  siteId?: string;
  appointmentTypeIds?: string[];
}

export interface SiteHoursLike {
  timeZone: string;
  openingHours?: Array<{ weekday: number; open: string; close: string }>;
  closures?: Array<{ date: string; reason: string }>;
}

/** What the rules need of an appointment type. */
export type TypeLike = Pick<AppointmentTypeRecord, '_id' | 'name' | 'durationMinutes' | 'bufferAfterMinutes' | 'providerRoles' | 'telehealth' | 'minLeadMinutes' | 'maxHorizonDays'>;

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export const HH_MM = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** Minutes since midnight of `HH:mm` (24:00 = 1440). */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Local wall-clock times of one zone as instants. Slot search asks the same few times (09:00,
 * 17:00...) for every provider of a site, so answers are remembered: luxon is the slow part.
 */
export class ZoneClock {
  private static readonly clocks = new Map<string, ZoneClock>();
  private readonly cache = new Map<string, number>();

  constructor(readonly zone: string) {}

  /** The shared clock of a zone, so its answers are remembered across searches. */
  static of(zone: string): ZoneClock {
    let clock = ZoneClock.clocks.get(zone);
    if (!clock) ZoneClock.clocks.set(zone, (clock = new ZoneClock(zone)));
    return clock;
  }

  /** The instant of `time` (`HH:mm`, `24:00` = next midnight) on local `date`; a time skipped by DST moves forward. */
  at(date: string, time: string): number {
    const key = `${date}T${time}`;
    let ms = this.cache.get(key);
    if (ms === undefined) {
      ms =
        time === '24:00'
          ? DateTime.fromISO(date, { zone: this.zone }).plus({ days: 1 }).startOf('day').toMillis()
          : DateTime.fromISO(key, { zone: this.zone }).toMillis();
      if (this.cache.size > 100_000) this.cache.clear();
      this.cache.set(key, ms);
    }
    return ms;
  }

  /** Local date (YYYY-MM-DD) of an instant. */
  dateOf(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.zone }).toISODate()!;
  }

  /** An instant as ISO-8601 with the zone's offset. */
  iso(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.zone }).toISO({ suppressMilliseconds: true })!;
  }
}

/** ISO weekday (1 = Monday) of a calendar date; the same in every zone. */
export const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;

/** Calendar dates from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += DAY_MS) {
    dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return dates;
}

export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Sorted, disjoint spans covering what the input covers; touching spans are joined. */
export function union(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    if (s.end <= s.start) continue;
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** Intersection of two sorted disjoint span lists. */
export function intersect(a: Span[], b: Span[]): Span[] {
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i].start, b[j].start);
    const end = Math.min(a[i].end, b[j].end);
    if (start < end) out.push({ start, end });
    if (a[i].end < b[j].end) i++;
    else j++;
  }
  return out;
}

/** Each window minus the holes (holes need not be sorted); restrictions are kept. */
export function subtract<T extends Span>(windows: T[], holes: Span[]): T[] {
  const cut = union(holes);
  const out: T[] = [];
  for (const w of windows) {
    let pieces: T[] = [w];
    for (const h of cut) {
      if (h.end <= w.start || h.start >= w.end) continue;
      pieces = pieces.flatMap((p) => {
        if (h.end <= p.start || h.start >= p.end) return [p];
        const rest: T[] = [];
        if (p.start < h.start) rest.push({ ...p, end: h.start });
        if (h.end < p.end) rest.push({ ...p, start: h.end });
        return rest;
      });
    }
    out.push(...pieces);
  }
  return out;
}

/** Whether sorted disjoint spans contain [start, end) entirely. */
export function covers(spans: Span[], start: number, end: number): boolean {
  return spans.some((s) => s.start <= start && end <= s.end);
}

/**
 * A provider's availability at one site on the given local dates: the weekly template's sessions
 * plus extra sessions at the site, minus time off and blocked time (which apply at every site).
 */
export function providerWindows(
  schedule: { sessions: SessionLike[]; exceptions: ExceptionLike[]; siteId: string },
  clock: ZoneClock,
  dates: string[],
): Window[] {
  const byWeekday = new Map<number, SessionLike[]>();
  for (const s of schedule.sessions) byWeekday.set(s.weekday, [...(byWeekday.get(s.weekday) ?? []), s]);
  const first = clock.at(dates[0], '00:00');
  const last = clock.at(dates[dates.length - 1], '24:00');
  const windows: Window[] = [];
  for (const date of dates) {
    for (const s of byWeekday.get(weekdayOf(date)) ?? []) {
      windows.push(withTypes({ start: clock.at(date, s.start), end: clock.at(date, s.end) }, s.appointmentTypeIds));
    }
  }
  const holes: Span[] = [];
  for (const e of schedule.exceptions) {
    const span = { start: e.start.getTime(), end: e.end.getTime() };
    if (span.end <= first || span.start >= last) continue;
    if (e.kind === 'extra') {
      if (e.siteId === schedule.siteId) windows.push(withTypes(span, e.appointmentTypeIds));
    } else holes.push(span);
  }
  return subtract(windows.filter((w) => w.end > w.start), holes).sort((a, b) => a.start - b.start);
}

function withTypes(span: Span, typeIds?: string[]): Window {
  return typeIds?.length ? { ...span, typeIds } : span;
}

/** When the site is open on the given local dates: its opening hours, closure dates removed. No hours set = open all day. */
export function siteOpenSpans(site: SiteHoursLike, clock: ZoneClock, dates: string[]): Span[] {
  const closed = new Set((site.closures ?? []).map((c) => c.date));
  const spans: Span[] = [];
  for (const date of dates) {
    if (closed.has(date)) continue;
    if (!site.openingHours?.length) {
      spans.push({ start: clock.at(date, '00:00'), end: clock.at(date, '24:00') });
      continue;
    }
    const weekday = weekdayOf(date);
    for (const h of site.openingHours) {
      if (h.weekday === weekday) spans.push({ start: clock.at(date, h.open), end: clock.at(date, h.close) });
    }
  }
  return union(spans);
}

/** Windows that take this type. */
export const allowsType = (w: Window, typeId: string): boolean => !w.typeIds || w.typeIds.includes(typeId);

/**
 * Where an appointment of this type can start and run: the provider's windows that take the type,
 * limited to the site's opening hours for in-person types (telehealth ignores the building's hours).
 */
export function bookableSpans(windows: Window[], type: Pick<TypeLike, '_id' | 'telehealth'>, open: Span[]): Span[] {
  const spans = union(windows.filter((w) => allowsType(w, type._id)));
  return type.telehealth ? spans : intersect(spans, open);
}

export interface BookingViolation {
  code: string;
  message: string;
  overridable: boolean;
}

export interface ViolationInput {
  site: SiteHoursLike & { name: string };
  provider: { name: string; role: ProviderRole; virtual?: boolean };
  type: TypeLike;
  windows: Window[];
  open: Span[];
  start: number;
  end: number;
  now: number;
}

/**
 * What is wrong with seeing a patient of this type with this provider at [start, end). Overlaps are
 * not decided here (unique slot claims in the database do that). Overridable violations may be
 * overbooked by an office manager with a reason; the others never.
 */
export function bookingViolations(input: ViolationInput): BookingViolation[] {
  const { type, provider, start, end, now } = input;
  const violations: BookingViolation[] = [];
  if (!type.providerRoles.includes(provider.role)) {
    violations.push({ code: 'APPOINTMENT.ROLE_NOT_ALLOWED', message: `A ${provider.role} may not take ${type.name} appointments.`, overridable: false });
  } else if (provider.virtual && !type.telehealth) {
    violations.push({ code: 'APPOINTMENT.ROLE_NOT_ALLOWED', message: `${provider.name} sees patients by telehealth only.`, overridable: false });
  }
  if (start < now + type.minLeadMinutes * MINUTE_MS) {
    violations.push({ code: 'APPOINTMENT.LEAD_TIME', message: `${type.name} must be booked at least ${type.minLeadMinutes} minutes ahead.`, overridable: false });
  }
  if (start > now + type.maxHorizonDays * DAY_MS) {
    violations.push({ code: 'APPOINTMENT.BEYOND_HORIZON', message: `${type.name} can be booked at most ${type.maxHorizonDays} days ahead.`, overridable: false });
  }
  const all = union(input.windows);
  if (!covers(all, start, end)) {
    violations.push({ code: 'APPOINTMENT.OUTSIDE_AVAILABILITY', message: `${provider.name} is not available for the whole appointment then.`, overridable: true });
  } else if (!covers(union(input.windows.filter((w) => allowsType(w, type._id))), start, end)) {
    violations.push({ code: 'APPOINTMENT.TYPE_NOT_IN_SESSION', message: `${provider.name}'s session then is reserved for other appointment types.`, overridable: true });
  }
  if (!type.telehealth && !covers(input.open, start, end)) {
    violations.push({ code: 'APPOINTMENT.SITE_CLOSED', message: `${input.site.name} is closed for part or all of that time.`, overridable: true });
  }
  return violations;
}

/** What is wrong with a weekly template's sessions: an empty or reversed session, or two that overlap on a weekday. */
export function sessionProblems(sessions: SessionLike[]): string[] {
  const problems: string[] = [];
  for (const s of sessions) {
    if (minutesOf(s.start) >= minutesOf(s.end)) problems.push(`Session ${s.start}-${s.end} on weekday ${s.weekday} must start before it ends.`);
  }
  for (let weekday = 1; weekday <= 7; weekday++) {
    const day = sessions.filter((s) => s.weekday === weekday).sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    for (let i = 1; i < day.length; i++) {
      if (minutesOf(day[i].start) < minutesOf(day[i - 1].end)) problems.push(`Sessions ${day[i - 1].start}-${day[i - 1].end} and ${day[i].start}-${day[i].end} on weekday ${weekday} overlap.`);
    }
  }
  return problems;
}
