/*
 * What the patient will owe for a visit, from the primary coverage's latest answered eligibility
 * check (the 271's benefits) and the price of the visit's type. Pure: no Nest, no I/O. Money is
 * integer cents throughout; the 271's coinsurance (a fraction such as 0.2) is turned into whole
 * basis points once, before any arithmetic, and percentages of money are rounded half up to a cent.
 */

/** The price of a visit type at a site (the insurance service's price list until billing's fee schedule). */
export interface VisitPrice {
  standardChargeCents: number;
  selfPayCents: number;
}

/** What the latest answered eligibility check said (benefits in cents, coinsurance as a fraction). */
export interface CheckFacts {
  status: 'active' | 'inactive' | 'needs-attention' | 'payer-unavailable';
  dateOfService: string;
  /** Whole days between the check's completion and now. */
  ageDays: number;
  reason?: string;
  benefits?: {
    planName?: string;
    copayCents?: number;
    coinsurancePercent?: number;
    deductibleCents?: number;
    deductibleRemainingCents?: number;
  };
}

export interface EstimateInput {
  dateOfService: string;
  /** The visit type's price; absent when the site's price list has none. */
  price?: VisitPrice;
  /** The primary coverage in effect on the date of service (none: the patient pays themselves). */
  primary?: { payerName: string; planName?: string };
  /** Its latest answered check (none: not checked yet). */
  check?: CheckFacts;
  /** A check older than this many days is warned about. */
  maxCheckAgeDays: number;
  /** A secondary coverage in effect on the date of service. */
  secondary?: { payerName: string };
}

export type EstimateLineKind = 'copay' | 'deductible' | 'coinsurance' | 'self-pay';

/** One part of what the patient pays, with the sentence the desk reads out. */
export interface EstimateLine {
  kind: EstimateLineKind;
  amountCents: number;
  explanation: string;
}

export type EstimateWarningCode =
  | 'NO_COVERAGE'
  | 'NO_ELIGIBILITY_CHECK'
  | 'ELIGIBILITY_CHECK_OLD'
  | 'ELIGIBILITY_CHECK_OTHER_DATE'
  | 'COVERAGE_INACTIVE'
  | 'COVERAGE_NEEDS_ATTENTION'
  | 'BENEFITS_INCOMPLETE'
  | 'NO_PRICE'
  | 'SECONDARY_NOT_ESTIMATED';

export interface EstimateWarning {
  code: EstimateWarningCode;
  message: string;
}

export interface EstimateResult {
  /** insurance: from the coverage's benefits; self-pay: the self-pay price (no coverage usable). */
  basis: 'insurance' | 'self-pay';
  /** What is collected at check-in: the copay (insurance) or the self-pay price; absent when unknown. */
  dueTodayCents?: number;
  /** The patient's expected total for the visit: the sum of `lines`; absent when the price is unknown. */
  expectedTotalCents?: number;
  /** The charge the estimate starts from (standard charge, or the self-pay price). */
  chargeCents?: number;
  /** What the plan is expected to pay of the charge (insurance only). */
  expectedPlanPaymentCents?: number;
  lines: EstimateLine[];
  /** One plain sentence: the estimate in a nutshell. */
  summary: string;
  warnings: EstimateWarning[];
}

/** $1,149.50 from 114950 (integer arithmetic; negative amounts are not money we show). */
export function formatCents(cents: number): string {
  const whole = Math.floor(cents / 100);
  return `$${whole.toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;
}

/** A fraction from the 271 (0.2) as whole basis points (2000); null when it is not a fraction. */
export function basisPoints(fraction: number | undefined): number | null {
  if (fraction === undefined || !Number.isFinite(fraction) || fraction < 0 || fraction > 1) return null;
  return Math.round(fraction * 10_000);
}

/** `bp` basis points of an amount in cents, rounded half up to a cent (integers only). */
export function percentOf(amountCents: number, bp: number): number {
  return Math.floor((amountCents * bp + 5_000) / 10_000);
}

const percentText = (bp: number) => `${bp % 100 === 0 ? bp / 100 : (bp / 100).toFixed(2)}%`;

/** The estimate of what the patient owes for one visit (see the file's header). */
export function estimateVisit(input: EstimateInput): EstimateResult {
  const warnings: EstimateWarning[] = [];
  const warn = (code: EstimateWarningCode, message: string) => warnings.push({ code, message });
  if (!input.price) warn('NO_PRICE', "This visit type has no price in the site's price list, so the total cannot be estimated.");

  const reasonForSelfPay = selfPayReason(input, warn);
  const { primary, check } = input;
  if (reasonForSelfPay || !primary || !check) return selfPayEstimate(input, reasonForSelfPay ?? 'no coverage to use', warnings);

  const benefits = check.benefits ?? {};
  if (check.ageDays > input.maxCheckAgeDays) warn('ELIGIBILITY_CHECK_OLD', `The eligibility check is ${check.ageDays} days old (more than ${input.maxCheckAgeDays}); check again before relying on it.`);
  if (check.dateOfService !== input.dateOfService) warn('ELIGIBILITY_CHECK_OTHER_DATE', `The eligibility check was for ${check.dateOfService}, not the visit's date ${input.dateOfService}.`);
  if (input.secondary) warn('SECONDARY_NOT_ESTIMATED', `${input.secondary.payerName} (secondary) may pay part of what is left to the patient; this estimate does not include it.`);

  // Our name of the plan reads better than the payer's upper-case one.
  const plan = primary.planName ?? benefits.planName ?? primary.payerName;
  const charge = input.price?.standardChargeCents;
  const lines: EstimateLine[] = [];
  let dueToday: number | undefined;

  if (benefits.copayCents !== undefined) {
    // An office visit with a copay: the copay is the patient's part (never more than the charge);
    // the deductible and coinsurance do not apply to it (the usual design of office-visit copays).
    const copay = charge === undefined ? benefits.copayCents : Math.min(benefits.copayCents, charge);
    lines.push({ kind: 'copay', amountCents: copay, explanation: `Your ${plan} copay for an office visit is ${formatCents(benefits.copayCents)}, collected today.` });
    if (benefits.deductibleRemainingCents) {
      lines.push({ kind: 'deductible', amountCents: 0, explanation: `Your remaining deductible (${formatCents(benefits.deductibleRemainingCents)}) does not apply to an office visit with a copay.` });
    }
    dueToday = copay;
    if (charge === undefined) return { basis: 'insurance', dueTodayCents: dueToday, lines, summary: `You pay your ${formatCents(copay)} copay today; the total cannot be estimated without a price for this visit.`, warnings };
  } else {
    dueToday = 0;
    if (charge === undefined) return { basis: 'insurance', dueTodayCents: 0, lines, summary: 'Nothing is collected today; the total cannot be estimated without a price for this visit.', warnings };
    let remaining = benefits.deductibleRemainingCents;
    if (remaining === undefined) {
      remaining = benefits.deductibleCents ?? 0;
      warn('BENEFITS_INCOMPLETE', benefits.deductibleCents !== undefined
        ? 'The payer did not say how much of the deductible is met; the estimate assumes none of it is.'
        : 'The payer did not state a deductible; the estimate assumes there is none.');
    }
    const toDeductible = Math.min(remaining, charge);
    lines.push({
      kind: 'deductible',
      amountCents: toDeductible,
      explanation: remaining === 0
        ? 'Your deductible is met for the year, so none of this visit goes to it.'
        : `${formatCents(toDeductible)} of this visit goes to your remaining deductible of ${formatCents(remaining)}.`,
    });
    const afterDeductible = charge - toDeductible;
    let bp = basisPoints(benefits.coinsurancePercent);
    if (bp === null) {
      bp = 0;
      warn('BENEFITS_INCOMPLETE', 'The payer did not state a coinsurance; the estimate assumes the plan pays the rest in full.');
    }
    const coinsurance = percentOf(afterDeductible, bp);
    if (afterDeductible > 0) {
      lines.push({ kind: 'coinsurance', amountCents: coinsurance, explanation: `After the deductible, you pay ${percentText(bp)} coinsurance of the remaining ${formatCents(afterDeductible)}: ${formatCents(coinsurance)}.` });
    }
  }

  const total = lines.reduce((sum, l) => sum + l.amountCents, 0);
  const planPays = charge - total;
  const today = dueToday > 0 ? `${formatCents(dueToday)} today` : 'nothing today (you are billed after the claim)';
  return {
    basis: 'insurance',
    dueTodayCents: dueToday,
    expectedTotalCents: total,
    chargeCents: charge,
    expectedPlanPaymentCents: planPays,
    lines,
    summary: `Of the ${formatCents(charge)} charge, ${plan} is expected to pay ${formatCents(planPays)} and you ${formatCents(total)} in all: ${today}. Your plan's allowed amount may be lower than our charge, and so may your share.`,
    warnings,
  };
}

/** Why no coverage can be used (and the warning that says so), or null when the benefits can. */
function selfPayReason(input: EstimateInput, warn: (code: EstimateWarningCode, message: string) => void): string | null {
  if (!input.primary) {
    warn('NO_COVERAGE', `The patient has no primary coverage in effect on ${input.dateOfService}.`);
    return 'no insurance on file for the visit date';
  }
  const check = input.check;
  if (!check) {
    warn('NO_ELIGIBILITY_CHECK', `${input.primary.payerName} has not been asked about this coverage yet; check eligibility to estimate with the plan's benefits.`);
    return 'eligibility not checked yet';
  }
  if (check.status === 'inactive') {
    warn('COVERAGE_INACTIVE', `${input.primary.payerName} answered that the coverage is inactive for ${check.dateOfService}.`);
    return 'the coverage is inactive';
  }
  if (check.status !== 'active') {
    warn('COVERAGE_NEEDS_ATTENTION', `The latest eligibility answer needs attention${check.reason ? ` (${check.reason})` : ''}; correct the coverage and check again.`);
    return 'the coverage needs attention';
  }
  return null;
}

function selfPayEstimate(input: EstimateInput, reason: string, warnings: EstimateWarning[]): EstimateResult {
  if (!input.price) return { basis: 'self-pay', lines: [], summary: `Estimated as self-pay (${reason}); there is no price for this visit type.`, warnings };
  const price = input.price.selfPayCents;
  return {
    basis: 'self-pay',
    dueTodayCents: price,
    expectedTotalCents: price,
    chargeCents: price,
    lines: [{ kind: 'self-pay', amountCents: price, explanation: `SELF-PAY: ${reason}, so the visit is at our self-pay price of ${formatCents(price)}, collected today.` }],
    summary: `SELF-PAY estimate (${reason}): you pay ${formatCents(price)}.`,
    warnings,
  };
}

/** Whether a coverage's period holds a date (an open end runs forever). */
export function inEffectOn(c: { effectiveDate: string; terminationDate?: string }, date: string): boolean {
  return c.effectiveDate <= date && date <= (c.terminationDate ?? '9999-12-31');
}

/**
 * The latest check in which the payer answered about the coverage (active, inactive, or an answer
 * that needs attention); a payer that was unavailable said nothing, so it is passed over.
 */
export function latestAnswered<C extends { status: string; completedAt: Date }>(checks: C[]): C | undefined {
  return checks.filter((c) => c.status !== 'payer-unavailable').sort((a, b) => b.completedAt.getTime() - a.completedAt.getTime())[0];
}

/** Whole days from one instant to a later one. */
export const daysBetween = (from: Date, to: Date): number => Math.max(0, Math.floor((to.getTime() - from.getTime()) / 86_400_000));
