/*
 * A scrubber rule is data (id, version, title, severity, whether it may be overridden, where to fix
 * it) plus one pure check over a ScrubClaim and the reference tables. Every rule carries fixtures:
 * a claim it passes and a claim it fails with the findings expected (rules.fixtures.spec.ts runs
 * them all, so a rule without fixtures cannot ship).
 */
import type { ScrubClaim } from '../scrub-claim';

export type Severity = 'error' | 'warning';

export type RuleCategory = 'required-fields' | 'providers' | 'diagnoses' | 'patient' | 'charges' | 'coding-edits' | 'payer' | 'duplicates';

/** One problem a rule found: where (a path into the ScrubClaim), what, and what to do. */
export interface Finding {
  ruleId: string;
  ruleVersion: number;
  severity: Severity;
  /** e.g. `lines[2].diagnosisPointers[0]` or `billingProvider.npi`. */
  path: string;
  /** Says what is wrong in words a biller understands, with the values involved. */
  message: string;
  /** What to do about it. */
  fix: string;
  /** The screen and field to fix it in. */
  where: string;
  overridable: boolean;
}

/** What a check returns; the engine adds the rule's id, version, severity, where and overridability. */
export interface Problem {
  path: string;
  message: string;
  fix: string;
}

/** An NCCI procedure-to-procedure edit (CMS PTP layout). */
export interface CodePairEdit {
  column1: string;
  column2: string;
  /** YYYY-MM-DD. */
  effectiveDate: string;
  /** YYYY-MM-DD: the edit no longer applies from this date; absent while in force. */
  deletionDate?: string;
  /** 0: never billed together; 1: allowed with an NCCI-associated modifier; 9: not applicable (deleted). */
  modifierIndicator: '0' | '1' | '9';
  source: string;
}

/** A medically unlikely edit: most units of a code one patient gets from one provider on one day. */
export interface MueEntry {
  code: string;
  value: number;
  /** 1 line edit; 2 date-of-service edit, policy; 3 date-of-service edit, clinical. */
  adjudicationIndicator: '1' | '2' | '3';
  source: string;
}

/** What the ICD-10-CM rules ask of the code set (libs/code-sets' Icd10CmCodeSet answers it). */
export interface DiagnosisCodeSet {
  check(code: string): { status: 'billable' | 'not-billable' | 'unknown'; entry?: { code: string; description: string } };
  /** The Excludes1 note that forbids the two codes together, if any (either direction). */
  excludes1Between(a: string, b: string): { on: string; note: string } | undefined;
  /** Release label, e.g. "2026 (2026-04-01)", and the first date of service it applies to. */
  readonly release: { label: string; effectiveFrom: string };
}

/** The reference tables the rules read; given to them so they stay pure. */
export interface ScrubTables {
  codePairs(column1: string, column2: string): CodePairEdit[];
  mue(code: string): MueEntry | undefined;
  icd10cm: DiagnosisCodeSet;
}

export interface RuleFixtures {
  /** A claim this rule raises nothing on. */
  passes: ScrubClaim;
  /** A claim this rule fails... */
  fails: ScrubClaim;
  /** ...with these findings (each matched on the fields given). */
  expected: Array<Pick<Finding, 'path'> & Partial<Finding>>;
}

export interface ScrubRule {
  /** Stable id, e.g. CF-NPI-001: overrides and findings name it. */
  id: string;
  /** Bumped whenever the rule's check or meaning changes (and with it the rule set's version). */
  version: number;
  title: string;
  severity: Severity;
  /** Whether a billing coder or office manager may let its findings pass with a note. */
  overridable: boolean;
  category: RuleCategory;
  description: string;
  /** Screen and field a person fixes its findings in. */
  where: string;
  check(claim: ScrubClaim, tables: ScrubTables): Problem[];
  fixtures: RuleFixtures;
}

/** Declares a rule (identity function: keeps the literal types and documents intent). */
export const defineRule = (rule: ScrubRule): ScrubRule => rule;
