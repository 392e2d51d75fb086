import { DateTime } from 'luxon';

/*
 * Payment plans, pure: the installment dates (a day of month, 1..28 so every month has it) and
 * what an installment takes (the monthly amount, or what is left when that is less).
 */

/** The first due date on or after `today` (YYYY-MM-DD) for a day of the month. */
export function firstDueDate(today: string, dayOfMonth: number): string {
  const d = DateTime.fromISO(today, { zone: 'UTC' });
  const thisMonth = d.set({ day: dayOfMonth });
  return (thisMonth >= d.startOf('day') ? thisMonth : d.plus({ months: 1 }).set({ day: dayOfMonth })).toISODate()!;
}

/** The due date a month after `due`. */
export const nextDueDate = (due: string, dayOfMonth: number) => DateTime.fromISO(due, { zone: 'UTC' }).plus({ months: 1 }).set({ day: dayOfMonth }).toISODate()!;

/** What an installment charges: the monthly amount, never more than the patient owes. */
export const installmentAmount = (amountPerMonthCents: number, patientOwesCents: number) => Math.max(0, Math.min(amountPerMonthCents, patientOwesCents));
