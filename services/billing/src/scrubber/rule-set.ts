/*
 * The rule set, versioned as a whole: RULE_SET_VERSION changes whenever a rule is added, removed or
 * changes version (rule-set.spec.ts holds the manifest and fails until both are bumped together).
 * `runRules` is pure: a claim, the tables and the active overrides in, a result out.
 */
import type { ScrubClaim } from './scrub-claim';
import { requiredClaimFields, requiredLineFields } from './rules/required-fields.rules';
import { memberIdPattern, npiCheckDigit } from './rules/providers.rules';
import { birthBeforeService } from './rules/patient.rules';
import { billableDiagnoses, codeSetCoversServiceDate, diagnosisPointers, excludes1Pairs } from './rules/diagnoses.rules';
import { modifierValidity, positiveCharges, positiveIntegerUnits, totalEqualsLines } from './rules/charges.rules';
import { codePairsNeedModifier, codePairsNever, unitsPerDay } from './rules/coding-edits.rules';
import { priorAuthorizationRequired, timelyFiling } from './rules/payer.rules';
import { duplicateClaim } from './rules/duplicates.rules';
import type { Finding, ScrubRule, ScrubTables } from './rules/rule';

export const RULE_SET_VERSION = '2026.12.1';

export const RULES: readonly ScrubRule[] = [
  requiredClaimFields,
  requiredLineFields,
  npiCheckDigit,
  memberIdPattern,
  birthBeforeService,
  diagnosisPointers,
  billableDiagnoses,
  codeSetCoversServiceDate,
  excludes1Pairs,
  totalEqualsLines,
  positiveCharges,
  positiveIntegerUnits,
  modifierValidity,
  codePairsNever,
  codePairsNeedModifier,
  unitsPerDay,
  timelyFiling,
  priorAuthorizationRequired,
  duplicateClaim,
];

export const ruleById = (id: string): ScrubRule | undefined => RULES.find((r) => r.id === id);

/** An active override of one rule on one claim (who, when, why). */
export interface ActiveOverride {
  overrideId: string;
  ruleId: string;
  by: string;
  at: string;
  note: string;
}

export interface ScrubFinding extends Finding {
  override?: { overrideId: string; by: string; at: string; note: string };
}

export interface ScrubResult {
  claimId: string;
  ruleSetVersion: string;
  ruleVersions: Record<string, number>;
  checkedAt: string;
  /** blocked: an error is in force (the claim must not be sent); warnings: only warnings; clean: nothing. */
  status: 'clean' | 'warnings' | 'blocked';
  findings: ScrubFinding[];
  overridden: ScrubFinding[];
}

/** Runs one rule, turning what its check found into findings (a rule that throws is a finding of its own, never a crash). */
export function runRule(rule: ScrubRule, claim: ScrubClaim, tables: ScrubTables): Finding[] {
  const base = { ruleId: rule.id, ruleVersion: rule.version, severity: rule.severity, where: rule.where, overridable: rule.overridable };
  try {
    return rule.check(claim, tables).map((p) => ({ ...base, ...p }));
  } catch (error) {
    return [{ ...base, severity: 'error', overridable: false, path: '', message: `Rule ${rule.id} could not check this claim (${(error as Error).message}).`, fix: 'Correct the claim data the message names, or report the rule to the billing office.' }];
  }
}

/** Every rule over a claim; findings of overridable rules with an active override move to `overridden`. */
export function runRules(claim: ScrubClaim, tables: ScrubTables, overrides: ActiveOverride[] = [], now = new Date(), rules: readonly ScrubRule[] = RULES): ScrubResult {
  const findings: ScrubFinding[] = [];
  const overridden: ScrubFinding[] = [];
  for (const rule of rules) {
    const override = rule.overridable ? overrides.find((o) => o.ruleId === rule.id) : undefined;
    for (const finding of runRule(rule, claim, tables)) {
      if (override && finding.overridable) overridden.push({ ...finding, override: { overrideId: override.overrideId, by: override.by, at: override.at, note: override.note } });
      else findings.push(finding);
    }
  }
  const status = findings.some((f) => f.severity === 'error') ? 'blocked' : findings.length ? 'warnings' : 'clean';
  return {
    claimId: claim.claimId,
    ruleSetVersion: RULE_SET_VERSION,
    ruleVersions: Object.fromEntries(rules.map((r) => [r.id, r.version])),
    checkedAt: now.toISOString(),
    status,
    findings,
    overridden,
  };
}
