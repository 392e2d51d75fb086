/*
 * SYNTHETIC code-pair (NCCI PTP-like) and MUE tables shipped with the code so the scrubber works
 * out of the box and its tests are reproducible. They are NOT CMS's edits: SYNnn are placeholder
 * codes (CPT is licensed), the HCPCS Level II codes are public but the edits between them here are
 * made up. Import the real quarterly CMS files with POST /scrubber/tables/code-pairs/import and
 * /mue/import (see README.md beside this file).
 */
import type { CodePairEdit, MueEntry } from '../rules/rule';

export const SYNTHETIC_SOURCE = 'synthetic (Clinic Flow, not CMS)';
export const SYNTHETIC_VERSION = 'synthetic-2026.12';

const pair = (column1: string, column2: string, modifierIndicator: CodePairEdit['modifierIndicator'], effectiveDate = '2020-01-01', deletionDate?: string): CodePairEdit => ({
  column1, column2, modifierIndicator, effectiveDate, ...(deletionDate ? { deletionDate } : {}), source: SYNTHETIC_SOURCE,
});

export const SYNTHETIC_CODE_PAIRS: CodePairEdit[] = [
  // Placeholder visit + placeholder minor procedure: together only with a distinct-service modifier (25, 59, X{EPSU}).
  pair('SYN10', 'SYN11', '1'),
  // Placeholder visit + a placeholder service it always includes: never together.
  pair('SYN10', 'SYN12', '0'),
  // Initial and subsequent annual wellness visits (HCPCS): never on one day.
  pair('G0438', 'G0439', '0'),
  // Welcome-to-Medicare exam and the initial wellness visit (HCPCS): never on one day.
  pair('G0402', 'G0438', '0'),
  // An edit deleted at the start of 2026: applies to earlier dates of service only.
  pair('SYN20', 'SYN21', '1', '2020-01-01', '2026-01-01'),
  // Indicator 9: the edit does not apply.
  pair('SYN30', 'SYN31', '9'),
];

const mue = (code: string, value: number, adjudicationIndicator: MueEntry['adjudicationIndicator']): MueEntry => ({ code, value, adjudicationIndicator, source: SYNTHETIC_SOURCE });

export const SYNTHETIC_MUE: MueEntry[] = [
  mue('SYN10', 1, '2'),
  mue('SYN11', 2, '1'),
  mue('G0438', 1, '2'),
  mue('G0439', 1, '2'),
  mue('G0008', 1, '2'),
  // Dexamethasone, 1 mg per unit (HCPCS): a clinical limit per day.
  mue('J1100', 20, '3'),
];
