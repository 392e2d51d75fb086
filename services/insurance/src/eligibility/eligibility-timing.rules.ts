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
 * The nightly batch's schedule at a site: a cron pattern for `at` (HH:mm) Monday to Friday, in
 * the site's zone. Run on the nights of Monday to Friday, "the next business day" covers every
 * business day once (Friday's run checks Monday; no weekend run checks Monday again).
 */
export function nightlyPattern(at: string): string {
  const [hour, minute] = at.split(':').map(Number);
  return `${minute} ${hour} * * 1-5`;
}
