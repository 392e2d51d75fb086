import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Icd10CmCodeSet, IndexLine, normalizeIcd10Code } from './icd10cm';

/** A few lines of the real index (infra/components/icd10cm.js writes the whole code set the same way). */
const LINES: IndexLine[] = [
  { c: 'E11', d: 'Type 2 diabetes mellitus', b: false, x1: ['type 1 diabetes mellitus (E10.-)'] },
  { c: 'E11.6', d: 'Type 2 diabetes mellitus with other specified complications', b: false, p: 'E11' },
  { c: 'E11.65', d: 'Type 2 diabetes mellitus with hyperglycemia', b: true, p: 'E11.6' },
  { c: 'E11.9', d: 'Type 2 diabetes mellitus without complications', b: true, p: 'E11', x1: ['type 2 diabetes mellitus, without complications in remission (E11.A)'] },
  { c: 'I10', d: 'Essential (primary) hypertension', b: true },
  { c: 'S00.00', d: 'Unspecified superficial injury of scalp', b: false },
  { c: 'S00.00XA', d: 'Unspecified superficial injury of scalp, initial encounter', b: true, p: 'S00.00' },
];
const HEADER = { version: '2026', release: '2026-04-01', source: 'fixture' };

describe('Icd10CmCodeSet', () => {
  const codes = Icd10CmCodeSet.of(HEADER, LINES);

  it('normalizes the ways people type a code', () => {
    expect(normalizeIcd10Code(' e119 ')).toBe('E11.9');
    expect(normalizeIcd10Code('E11.9')).toBe('E11.9');
    expect(normalizeIcd10Code('i10')).toBe('I10');
    expect(normalizeIcd10Code('s0000xa')).toBe('S00.00XA');
  });

  it('tells billable, not billable and unknown codes apart', () => {
    expect(codes.check('E11.9')).toMatchObject({ status: 'billable', entry: { code: 'E11.9', description: 'Type 2 diabetes mellitus without complications' } });
    expect(codes.check('e119').status).toBe('billable');
    expect(codes.check('E11').status).toBe('not-billable');
    expect(codes.check('S00.00').status).toBe('not-billable');
    expect(codes.check('S00.00XA').status).toBe('billable');
    expect(codes.check('E11.99')).toEqual({ status: 'unknown' });
    expect(codes.check('')).toEqual({ status: 'unknown' });
  });

  it('gives the Excludes1 notes of a code and of the codes above it, nearest first', () => {
    expect(codes.excludes1('E11.9')).toEqual([
      { on: 'E11.9', note: 'type 2 diabetes mellitus, without complications in remission (E11.A)' },
      { on: 'E11', note: 'type 1 diabetes mellitus (E10.-)' },
    ]);
    expect(codes.excludes1('E11.65')).toEqual([{ on: 'E11', note: 'type 1 diabetes mellitus (E10.-)' }]);
    expect(codes.excludes1('I10')).toEqual([]);
  });

  it('searches by code prefix (dot optional) and by description words', () => {
    expect(codes.search({ prefix: 'E11' }).map((e) => e.code)).toEqual(['E11', 'E11.6', 'E11.65', 'E11.9']);
    expect(codes.search({ prefix: 'e116' }).map((e) => e.code)).toEqual(['E11.6', 'E11.65']);
    expect(codes.search({ prefix: 'E11', billableOnly: true }).map((e) => e.code)).toEqual(['E11.65', 'E11.9']);
    expect(codes.search({ text: 'DIABETES hyperglycemia' }).map((e) => e.code)).toEqual(['E11.65']);
    expect(codes.search({ text: 'scalp', prefix: 'S' , limit: 1 }).map((e) => e.code)).toEqual(['S00.00']);
  });

  it('loads the NDJSON index and reports its release', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'icd10cm-')), 'icd10cm.ndjson');
    writeFileSync(file, [JSON.stringify({ format: 1, ...HEADER }), ...LINES.map((l) => JSON.stringify(l))].join('\n') + '\n');
    const loaded = await Icd10CmCodeSet.load(file);
    expect(loaded.info).toEqual({ system: 'http://hl7.org/fhir/sid/icd-10-cm', version: '2026', release: '2026-04-01', source: 'fixture', codes: 7, billable: 4 });
    expect(loaded.check('E11.9').status).toBe('billable');
  });

  it('refuses an index in another format', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'icd10cm-')), 'icd10cm.ndjson');
    writeFileSync(file, `${JSON.stringify({ format: 99, ...HEADER })}\n`);
    await expect(Icd10CmCodeSet.load(file)).rejects.toThrow(/format 99/);
  });
});
