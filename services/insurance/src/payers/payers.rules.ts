/*
 * Pure rules of payers: what makes a payer's settings valid, which visits need a referral or a
 * prior authorization under a payer and plan, whether a member id has the payer's shape, and the
 * timely-filing deadline of a date of service.
 */
import type { PayerRecord, PayerRuleRecord } from './payers.schema';

export interface VisitFacts {
  appointmentTypeId?: string;
  procedureCodes?: string[];
}

export interface MatchedRule extends PayerRuleRecord {
  source: 'payer' | 'plan';
}

export interface Requirements {
  referralRequired: boolean;
  priorAuthorizationRequired: boolean;
  blockWithoutAuthorization: boolean;
  matched: MatchedRule[];
}

/** Member id patterns are written by staff: refuse one that does not compile or could take very long to match. */
function patternProblem(pattern: string): string | null {
  try {
    new RegExp(pattern);
  } catch {
    return `memberIdPattern '${pattern}' is not a regular expression`;
  }
  // Nested quantifiers ((a+)+, (a*)*) backtrack catastrophically on a long non-matching id.
  if (/\([^)]*[+*][^)]*\)[+*{]/.test(pattern)) return `memberIdPattern '${pattern}' nests repetitions (it could hang on a long member id)`;
  return null;
}

/** Everything wrong with a payer's settings (empty when valid). */
export function payerProblems(payer: Pick<PayerRecord, 'memberIdPattern' | 'plans' | 'rules'>): string[] {
  const problems: string[] = [];
  if (payer.memberIdPattern) {
    const problem = patternProblem(payer.memberIdPattern);
    if (problem) problems.push(problem);
  }
  const seen = new Set<string>();
  for (const plan of payer.plans) {
    if (seen.has(plan.id)) problems.push(`plan id '${plan.id}' appears twice`);
    seen.add(plan.id);
  }
  return problems;
}

const applies = (rule: PayerRuleRecord, visit: VisitFacts) => {
  const byType = rule.appointmentTypeIds.length > 0;
  const byCode = rule.procedureCodes.length > 0;
  if (!byType && !byCode) return true;
  return (byType && !!visit.appointmentTypeId && rule.appointmentTypeIds.includes(visit.appointmentTypeId)) ||
    (byCode && (visit.procedureCodes ?? []).some((code) => rule.procedureCodes.includes(code)));
};

/** The payer's and (when given) the plan's rules that apply to a visit, and what they require. */
export function requirementsFor(payer: PayerRecord, planId: string | undefined, visit: VisitFacts): Requirements {
  const plan = planId ? payer.plans.find((p) => p.id === planId) : undefined;
  const matched: MatchedRule[] = [
    ...payer.rules.filter((r) => applies(r, visit)).map((r) => ({ ...r, source: 'payer' as const })),
    ...(plan?.rules ?? []).filter((r) => applies(r, visit)).map((r) => ({ ...r, source: 'plan' as const })),
  ];
  return {
    referralRequired: matched.some((r) => r.requirement === 'referral'),
    priorAuthorizationRequired: matched.some((r) => r.requirement === 'prior-authorization'),
    blockWithoutAuthorization: payer.blockWithoutAuthorization,
    matched,
  };
}

/** Why a member id does not fit the payer's pattern, or null when it does (or the payer has none). */
export function memberIdProblem(payer: Pick<PayerRecord, 'name' | 'memberIdPattern'>, memberId: string): string | null {
  if (!payer.memberIdPattern) return null;
  return new RegExp(payer.memberIdPattern).test(memberId) ? null : `member id '${memberId}' is not in ${payer.name}'s format`;
}

/** The last day a claim for this date of service may be filed (ISO date). */
export function timelyFilingDeadline(payer: Pick<PayerRecord, 'timelyFilingDays'>, dateOfService: string): string {
  const day = new Date(`${dateOfService}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + payer.timelyFilingDays);
  return day.toISOString().slice(0, 10);
}

const FIELDS = ['name', 'ediPayerId', 'receiverId', 'claimFilingIndicator', 'timelyFilingDays', 'memberIdPattern', 'blockWithoutAuthorization', 'rules', 'plans', 'active'] as const;

/** The fields whose value differs (lists compared whole). */
export function changedFields(before: PayerRecord, after: PayerRecord): string[] {
  return FIELDS.filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null));
}
