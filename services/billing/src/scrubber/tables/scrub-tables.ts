/*
 * The tables the rules read, as lookups built once from rows: code-pair edits by (column 1, column 2),
 * MUEs by code, and the ICD-10-CM code set. An imported table's rows win over the synthetic rows for
 * the same key (the synthetic rows stay for their own placeholder codes).
 */
import type { Icd10CmCodeSet } from '@clinic-flow/code-sets';
import type { CodePairEdit, DiagnosisCodeSet, MueEntry, ScrubTables } from '../rules/rule';

export function buildTables(rows: { codePairs: CodePairEdit[]; mue: MueEntry[]; icd10cm: DiagnosisCodeSet }): ScrubTables {
  const pairs = new Map<string, CodePairEdit[]>();
  for (const edit of rows.codePairs) {
    const key = `${edit.column1}|${edit.column2}`;
    const list = pairs.get(key) ?? [];
    list.push(edit);
    pairs.set(key, list);
  }
  const mue = new Map<string, MueEntry>();
  for (const entry of rows.mue) mue.set(entry.code, entry);
  return {
    codePairs: (column1, column2) => pairs.get(`${column1}|${column2}`) ?? [],
    mue: (code) => mue.get(code),
    icd10cm: rows.icd10cm,
  };
}

/** Imported rows replace synthetic ones with the same key. */
export function mergeRows<T>(synthetic: T[], imported: T[], key: (row: T) => string): T[] {
  const importedKeys = new Set(imported.map(key));
  return [...synthetic.filter((row) => !importedKeys.has(key(row))), ...imported];
}

export const pairKey = (e: CodePairEdit) => `${e.column1}|${e.column2}|${e.effectiveDate}`;
export const mueKey = (e: MueEntry) => e.code;

/** The loaded ICD-10-CM code set as the rules ask it. */
export function diagnosisCodeSet(codes: Icd10CmCodeSet): DiagnosisCodeSet {
  return {
    check: (code) => {
      const found = codes.check(code);
      return found.status === 'unknown' ? { status: 'unknown' } : { status: found.status, entry: { code: found.entry.code, description: found.entry.description } };
    },
    excludes1Between: (a, b) => codes.excludes1Between(a, b),
    release: { label: `${codes.info.version} (${codes.info.release})`, effectiveFrom: codes.info.release },
  };
}
