import { DateTime, Duration } from 'luxon';
import { Channel } from '@clinic-flow/contracts';

/** Local wall-clock window (site time zone) in which nothing is sent; may span midnight. */
export interface QuietHours {
  start: string;
  end: string;
}

/** One reminder of a policy: this long before the start, on this channel (absent = the patient's choice). */
export interface ReminderStep {
  offset: string;
  channel?: Channel;
}

/** A stored policy: unset fields inherit from the next level (type, then site, then default). */
export interface PolicyLevel {
  steps?: ReminderStep[];
  /** null = explicitly no quiet hours at this level. */
  quietHours?: QuietHours | null;
}

export interface EffectivePolicy {
  steps: ReminderStep[];
  quietHours: QuietHours | null;
  /** Which level each field came from, for people reading the API. */
  stepsFrom: 'appointment-type' | 'site' | 'default' | 'env';
  quietHoursFrom: 'appointment-type' | 'site' | 'default' | 'env';
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const HHMMSS = /^([01]\d|2[0-3]):([0-5]\d):([0-5]\d)$/;

/**
 * How finely quiet hours may be given: `minute` (HH:mm, production) or `second` (HH:mm:ss also,
 * so tests need not wait for a minute boundary).
 */
export type QuietHoursPrecision = 'minute' | 'second';

/** `21:00-08:00` → {start, end}; null when malformed or empty (start = end). */
export function parseQuietHours(text: string): QuietHours | null {
  const [start, end, ...rest] = text.split('-').map((s) => s.trim());
  if (rest.length || !HHMM.test(start ?? '') || !HHMM.test(end ?? '') || start === end) return null;
  return { start, end };
}

export function isValidQuietTime(time: string, precision: QuietHoursPrecision = 'minute'): boolean {
  return HHMM.test(time) || (precision === 'second' && HHMMSS.test(time));
}

export function isValidQuietHours(q: QuietHours, precision: QuietHoursPrecision = 'minute'): boolean {
  return isValidQuietTime(q.start, precision) && isValidQuietTime(q.end, precision) && secondsOf(q.start) !== secondsOf(q.end);
}

/** Most specific first: appointment type over site over the stored default over the environment. */
export function resolvePolicy(levels: { type?: PolicyLevel | null; site?: PolicyLevel | null; stored?: PolicyLevel | null }, env: { steps: ReminderStep[]; quietHours: QuietHours | null }): EffectivePolicy {
  const order = [
    ['appointment-type', levels.type],
    ['site', levels.site],
    ['default', levels.stored],
  ] as const;
  const steps = order.find(([, level]) => level?.steps !== undefined);
  const quiet = order.find(([, level]) => level?.quietHours !== undefined);
  return {
    steps: steps ? steps[1]!.steps! : env.steps,
    stepsFrom: steps ? steps[0] : 'env',
    quietHours: quiet ? quiet[1]!.quietHours! : env.quietHours,
    quietHoursFrom: quiet ? quiet[0] : 'env',
  };
}

/** `HH:mm` or `HH:mm:ss` as hour, minute and second. */
const partsOf = (time: string) => ({ hour: Number(time.slice(0, 2)), minute: Number(time.slice(3, 5)), second: Number(time.slice(6, 8) || 0) });
function secondsOf(time: string): number {
  const { hour, minute, second } = partsOf(time);
  return hour * 3600 + minute * 60 + second;
}

/** Whether a local time falls in the window (start inclusive, end exclusive). */
export function inQuietHours(at: Date, zone: string, quiet: QuietHours | null): boolean {
  if (!quiet) return false;
  const local = DateTime.fromJSDate(at, { zone });
  const s = local.hour * 3600 + local.minute * 60 + local.second;
  const start = secondsOf(quiet.start);
  const end = secondsOf(quiet.end);
  return start < end ? s >= start && s < end : s >= start || s < end;
}

/**
 * When a message due at `due` may go out: `due` itself, or, inside quiet hours, the end of the
 * window in the site's zone (the next local occurrence of `end`, so DST is handled by the zone rules;
 * an end time that does not exist on a spring-forward day moves to the first valid instant).
 */
export function nextAllowed(due: Date, zone: string, quiet: QuietHours | null): Date {
  if (!inQuietHours(due, zone, quiet)) return due;
  const local = DateTime.fromJSDate(due, { zone });
  const { hour, minute, second } = partsOf(quiet!.end);
  let end = local.set({ hour, minute, second, millisecond: 0 });
  if (end <= local) end = local.plus({ days: 1 }).set({ hour, minute, second, millisecond: 0 });
  return end.toJSDate();
}

export type Timing = { at: Date; shifted: boolean } | { skip: string };

/**
 * The send time of a message respecting quiet hours, or why it is not sent at all: a reminder
 * whose allowed time is at or after the appointment start (or an offer after its expiry) is pointless.
 */
export function timeRespectingQuietHours(due: Date, zone: string, quiet: QuietHours | null, deadline?: Date): Timing {
  const at = nextAllowed(due, zone, quiet);
  if (deadline && at.getTime() >= deadline.getTime()) {
    if (at.getTime() === due.getTime()) return { skip: 'due at or after the time it is about' };
    return { skip: `quiet hours (${quiet!.start}-${quiet!.end} ${zone}) last until ${DateTime.fromJSDate(at, { zone }).toISO()}, past ${DateTime.fromJSDate(deadline, { zone }).toISO()}` };
  }
  return { at, shifted: at.getTime() !== due.getTime() };
}

export function isValidOffset(offset: string): boolean {
  const d = Duration.fromISO(offset);
  return d.isValid && d.toMillis() > 0;
}
