import { DateTime, Duration } from 'luxon';

/*
 * Payment plans, pure: the installment dates (a day of month, 1..28 so every month has it) and
 * what an installment takes (the monthly amount, or what is left when that is less).
 */

/** The first due date on or after `today` (YYYY-MM-DD) for a day of the month. */
export function firstDueDate(today: string, dayOfMonth: number): string {
  const d = DateTime.fromISO(today, { zone: 'UTC' });
  const thisMonth = d.set({ day: dayOfMonth });
  return isoDate(thisMonth >= d.startOf('day') ? thisMonth : d.plus({ months: 1 }).set({ day: dayOfMonth }));
}

/** The due date a month after `due`. */
export const nextDueDate = (due: string, dayOfMonth: number) => isoDate(DateTime.fromISO(due, { zone: 'UTC' }).plus({ months: 1 }).set({ day: dayOfMonth }));

/** A valid date as YYYY-MM-DD. */
export function isoDate(d: DateTime): string {
  const text = d.toISODate();
  if (!text) throw new Error(`not a valid date: ${d.invalidReason ?? 'unknown'}`);
  return text;
}

/** What an installment charges: the monthly amount, never more than the patient owes. */
export const installmentAmount = (amountPerMonthCents: number, patientOwesCents: number) => Math.max(0, Math.min(amountPerMonthCents, patientOwesCents));

/** PAYMENT_PLAN_TICK_EVERY (an ISO duration) in milliseconds. */
export function parseTickInterval(text: string): number {
  const ms = Duration.fromISO(text).toMillis();
  if (!Number.isFinite(ms) || ms <= 0) throw new Error(`PAYMENT_PLAN_TICK_EVERY must be an ISO duration such as PT1H, got "${text}"`);
  return ms;
}
