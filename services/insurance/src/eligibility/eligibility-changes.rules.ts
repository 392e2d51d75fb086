import type { EligibilityChangeKind, EligibilityStatus } from '@clinic-flow/contracts';
import type { EligibilityBenefitsRecord } from './eligibility.schema';

/** What change detection compares of a check. */
export interface ComparableCheck {
  status: EligibilityStatus;
  benefits?: EligibilityBenefitsRecord;
}

/** A check the payer answered about the coverage (a 271 saying active or inactive); the others say nothing of it. */
export const isAnswered = (c: ComparableCheck): boolean => c.status === 'active' || c.status === 'inactive';

const differs = <T>(a: T | undefined, b: T | undefined): boolean => JSON.stringify(a ?? null) !== JSON.stringify(b ?? null);
const authorizations = (b?: EligibilityBenefitsRecord) => ({ referral: b?.referralRequired ?? false, services: [...(b?.authorizationRequiredFor ?? [])].sort() });

/**
 * What a completed check says differently from the coverage's previous answered one: the kinds of
 * ELIGIBILITY_CHANGE_KINDS, in that order. Neither unanswered (payer down, needs attention): no
 * change (a payer that is down says nothing of the coverage). Money (deductible, copay,
 * coinsurance) is compared only between two active answers: an inactive coverage has no benefits,
 * and its going inactive is already the 'status' change. A plan is compared when both name one.
 */
export function eligibilityChanges(previous: ComparableCheck, current: ComparableCheck): EligibilityChangeKind[] {
  if (!isAnswered(previous) || !isAnswered(current)) return [];
  const before = previous.benefits;
  const after = current.benefits;
  const changes: EligibilityChangeKind[] = [];
  if (previous.status !== current.status) changes.push('status');
  const planBefore = before?.planName ?? before?.insuranceType;
  const planAfter = after?.planName ?? after?.insuranceType;
  if (planBefore !== undefined && planAfter !== undefined && (differs(before?.planName, after?.planName) || differs(before?.insuranceType, after?.insuranceType))) changes.push('plan');
  if (after?.coverageEnds && after.coverageEnds !== before?.coverageEnds) changes.push('terminated');
  if (previous.status === 'active' && current.status === 'active') {
    const remainingBefore = before?.deductibleRemainingCents;
    const remainingAfter = after?.deductibleRemainingCents;
    if (remainingAfter === 0 && remainingBefore !== undefined && remainingBefore > 0) changes.push('deductible-met');
    else if (differs(remainingBefore, remainingAfter) || differs(before?.deductibleCents, after?.deductibleCents)) changes.push('deductible-remaining');
    if (differs(before?.copayCents, after?.copayCents)) changes.push('copay');
    if (differs(before?.coinsurancePercent, after?.coinsurancePercent)) changes.push('coinsurance');
  }
  if (differs(authorizations(before), authorizations(after))) changes.push('authorization-required');
  return changes;
}
