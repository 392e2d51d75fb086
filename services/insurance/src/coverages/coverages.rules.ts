import { DateTime } from 'luxon';
import type { CoverageOrder } from '@clinic-flow/contracts';

/** What the coordination-of-benefits check needs of a coverage. */
export interface CoveragePeriod {
  id: string;
  order: CoverageOrder;
  effectiveDate: string;
  terminationDate?: string;
}

const isRealDate = (d: string) => DateTime.fromISO(d, { zone: 'utc' }).isValid;

/**
 * Problems with a coverage's own dates: real dates, termination not before the effective date,
 * a subscriber not born after the coverage starts. Empty: valid.
 */
export function coverageDateProblems(c: { effectiveDate: string; terminationDate?: string; subscriberBirthDate?: string }): string[] {
  const problems: string[] = [];
  for (const [name, value] of [['effectiveDate', c.effectiveDate], ['terminationDate', c.terminationDate], ['subscriber dateOfBirth', c.subscriberBirthDate]] as const) {
    if (value !== undefined && !isRealDate(value)) problems.push(`${name} ${value} is not a date`);
  }
  if (problems.length) return problems;
  if (c.terminationDate !== undefined && c.terminationDate < c.effectiveDate) problems.push(`terminationDate ${c.terminationDate} is before effectiveDate ${c.effectiveDate}`);
  if (c.subscriberBirthDate !== undefined && c.subscriberBirthDate > c.effectiveDate) problems.push(`the subscriber is born (${c.subscriberBirthDate}) after the coverage starts (${c.effectiveDate})`);
  return problems;
}

/** Whether two periods share a day (an open end runs forever). */
export function overlaps(a: Pick<CoveragePeriod, 'effectiveDate' | 'terminationDate'>, b: Pick<CoveragePeriod, 'effectiveDate' | 'terminationDate'>): boolean {
  return a.effectiveDate <= (b.terminationDate ?? '9999-12-31') && b.effectiveDate <= (a.terminationDate ?? '9999-12-31');
}

/** The other coverage of the same order over an overlapping period (one primary, one secondary, one tertiary at a time), if any. */
export function orderClash(candidate: CoveragePeriod, others: CoveragePeriod[]): CoveragePeriod | undefined {
  return others.find((o) => o.id !== candidate.id && o.order === candidate.order && overlaps(candidate, o));
}

/** Whether a member id fits the payer's format (none: any). */
export function memberIdFits(memberId: string, pattern: string | undefined): boolean {
  return !pattern || new RegExp(pattern).test(memberId);
}
