import { DateTime } from 'luxon';

/** Today at a site (yyyy-MM-dd in its time zone). */
export const siteToday = (timeZone: string, now: Date): string => DateTime.fromJSDate(now).setZone(timeZone).toISODate() ?? now.toISOString().slice(0, 10);

/** Whether a booking checks the visit now: its date of service is from today up to `days` ahead, at the site. */
export function withinBookingWindow(dateOfService: string, timeZone: string, now: Date, days: number): boolean {
  const today = DateTime.fromISO(siteToday(timeZone, now), { zone: 'utc' });
  const date = DateTime.fromISO(dateOfService, { zone: 'utc' });
  return date.isValid && date >= today && date <= today.plus({ days });
}

/** The business day after a date (Saturdays and Sundays skipped; holidays are not known here: README). */
export function nextBusinessDay(date: string): string {
  let d = DateTime.fromISO(date, { zone: 'utc' }).plus({ days: 1 });
  while (d.weekday > 5) d = d.plus({ days: 1 });
  return d.toISODate() as string;
}

/**
 * Which date a site's nightly batch checks now, if its time has come: on Monday to Friday, from
 * `at` (HH:mm, the site's zone) until midnight, the next business day. Run on those nights only,
 * every business day is checked once (Friday's run checks Monday; no weekend run checks it again).
 * Null: not now (before `at`, or a weekend).
 */
export function nightlyBatchDate(timeZone: string, now: Date, at: string): string | null {
  const local = DateTime.fromJSDate(now).setZone(timeZone);
  if (local.weekday > 5 || local.toFormat('HH:mm') < at) return null;
  return nextBusinessDay(local.toISODate() as string);
}
