/*
 * Rules every entry of the clinical-administrative record follows: a correction changes only the
 * fields given, entered-in-error is how an entry is withdrawn (with a reason, and for good), and
 * clinical dates are not in the future.
 */
import { DomainError, conflict, invalid } from '@clinic-flow/platform';

export const ENTERED_IN_ERROR = 'entered-in-error';

/** The fields a patch changes (undefined leaves a field alone; the same value is no change). */
export function changedFields<T extends object>(current: T, patch: Partial<T>): (keyof T & string)[] {
  return (Object.keys(patch) as (keyof T & string)[]).filter((key) => patch[key] !== undefined && patch[key] !== current[key]);
}

/**
 * Whether a status change may happen: an entry marked entered-in-error stays so (409), and
 * marking one needs a reason (400). Returns the error to throw, or null.
 */
export function statusChangeProblem(current: { status: string }, next: { status?: string; reason?: string }, changed: string[]): DomainError | null {
  if (current.status === ENTERED_IN_ERROR && changed.length) {
    return conflict('CLINICAL.ENTRY_ENTERED_IN_ERROR', 'This entry was marked entered-in-error and can no longer change: record a new one.');
  }
  if (next.status === ENTERED_IN_ERROR && current.status !== ENTERED_IN_ERROR && !next.reason?.trim()) {
    return invalid('CLINICAL.REASON_REQUIRED', 'Say why the entry is marked entered-in-error.', [{ field: 'reason', messages: ['reason is required with status entered-in-error'] }]);
  }
  return null;
}

const isRealDate = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

/** Dates (YYYY-MM-DD) that must not be after today in any time zone (today + 1 day in UTC). */
export function futureDateProblems(dates: Record<string, string | undefined>, now: Date): { field: string; messages: string[] }[] {
  const latest = new Date(now.getTime() + 24 * 3600_000).toISOString().slice(0, 10);
  return Object.entries(dates)
    .filter(([, value]) => value !== undefined && (value > latest || !isRealDate(value)))
    .map(([field]) => ({ field, messages: [`${field} must be a real date, not in the future`] }));
}
