/*
 * The tables the fixtures are written against: the shipped synthetic code-pair and MUE tables, and
 * a few ICD-10-CM codes copied from the CDC's tabular list (2026 release, Excludes1 notes verbatim)
 * so the unit tests run without the provisioned code set.
 */
import { Icd10CmCodeSet } from '@clinic-flow/code-sets';
import { buildTables, diagnosisCodeSet } from '../tables/scrub-tables';
import { SYNTHETIC_CODE_PAIRS, SYNTHETIC_MUE } from '../tables/synthetic-tables';
import type { ScrubTables } from './rule';

const DIABETES_EXCLUDES = [
  'diabetes mellitus due to underlying condition (E08.-)',
  'drug or chemical induced diabetes mellitus (E09.-)',
  'gestational diabetes (O24.4-)',
  'neonatal diabetes mellitus (P70.2)',
  'postpancreatectomy diabetes mellitus (E13.-)',
  'postprocedural diabetes mellitus (E13.-)',
  'secondary diabetes mellitus NEC (E13.-)',
];

export const FIXTURE_CODE_SET = Icd10CmCodeSet.of({ version: '2026', release: '2026-04-01', source: 'fixture (CDC tabular list excerpts)' }, [
  { c: 'E10', d: 'Type 1 diabetes mellitus', b: false, x1: [...DIABETES_EXCLUDES, 'hyperglycemia NOS (R73.9)', 'type 2 diabetes mellitus (E11.-)'] },
  { c: 'E10.9', d: 'Type 1 diabetes mellitus without complications', b: true, p: 'E10' },
  { c: 'E11', d: 'Type 2 diabetes mellitus', b: false, x1: [...DIABETES_EXCLUDES, 'type 1 diabetes mellitus (E10.-)'] },
  { c: 'E11.9', d: 'Type 2 diabetes mellitus without complications', b: true, p: 'E11' },
  { c: 'I10', d: 'Essential (primary) hypertension', b: true, x1: ['hypertensive disease complicating pregnancy, childbirth and the puerperium (O10-O11, O13-O16)'] },
  { c: 'J45', d: 'Asthma', b: false },
  { c: 'J45.909', d: 'Unspecified asthma, uncomplicated', b: true, p: 'J45' },
  { c: 'O10', d: 'Pre-existing hypertension complicating pregnancy, childbirth and the puerperium', b: false },
  { c: 'O10.02', d: 'Pre-existing essential hypertension complicating childbirth', b: true, p: 'O10' },
  { c: 'R73.9', d: 'Hyperglycemia, unspecified', b: true },
  { c: 'Z00.00', d: 'Encounter for general adult medical examination without abnormal findings', b: true },
]);

export const fixtureTables = (): ScrubTables => buildTables({ codePairs: SYNTHETIC_CODE_PAIRS, mue: SYNTHETIC_MUE, icd10cm: diagnosisCodeSet(FIXTURE_CODE_SET) });
