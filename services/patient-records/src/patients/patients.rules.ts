/** Medical record numbers: MRN- and eight digits, from a database counter (never reused). */
export function formatMrn(sequence: number): string {
  return `MRN-${String(sequence).padStart(8, '0')}`;
}

/** A date of birth must be a real calendar date, not in the future, and plausibly recent. */
export function isValidDateOfBirth(value: string, today: Date): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return false;
  const ageYears = (today.getTime() - date.getTime()) / (365.25 * 24 * 3600 * 1000);
  return ageYears >= 0 && ageYears < 130;
}
