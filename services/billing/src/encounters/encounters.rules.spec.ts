import { Icd10CmCodeSet } from '@clinic-flow/code-sets';
import type { FeeRecord } from '../fee-schedule/fee-schedule.schema';
import { CodeFacts, checkDiagnoses, checkLines, danglingPointers, draftLines, notReadyReasons, statusAfterCoding } from './encounters.rules';

const icd = Icd10CmCodeSet.of({ version: '2026', release: '2026-04-01', source: 'fixture' }, [
  { c: 'J02', d: 'Acute pharyngitis', b: false },
  { c: 'J02.0', d: 'Streptococcal pharyngitis', b: true, p: 'J02' },
  { c: 'J02.9', d: 'Acute pharyngitis, unspecified', b: true, p: 'J02' },
  { c: 'I10', d: 'Essential (primary) hypertension', b: true },
]);

const known = new Map<string, CodeFacts>([
  ['S9083', { code: 'S9083', system: 'HCPCS', description: 'Global fee, urgent care centers', placeholder: false }],
  ['X9213', { code: 'X9213', system: 'CPT', description: 'Office visit (placeholder)', placeholder: true }],
  ['G0202', { code: 'G0202', system: 'HCPCS', description: 'Screening mammography (deleted)', placeholder: false, effectiveTo: '2017-12-31' }],
  ['J3420', { code: 'J3420', system: 'HCPCS', description: 'Vitamin B-12', placeholder: false }],
]);
const fee = (code: string, chargeCents: number, f: Partial<FeeRecord> = {}): FeeRecord => ({ code, modifier: '', chargeCents, effectiveFrom: '2026-01-01', updatedBy: 'u', updatedAt: new Date(), ...f });
const fees = [fee('S9083', 17500), fee('S9083', 18000, { effectiveFrom: '2027-01-01' }), fee('X9213', 15000), fee('X9213', 14000, { modifier: '95' }), fee('J3420', 2500)];
const ctx = { dateOfService: '2026-12-02', diagnosisCount: 2, known, fees };

describe('encounter diagnoses', () => {
  it('takes billable ICD-10-CM codes, normalized, in pointer order', () => {
    expect(checkDiagnoses(['j029', 'I10'], '2026-12-02', icd)).toEqual({ diagnoses: [{ code: 'J02.9', description: 'Acute pharyngitis, unspecified' }, { code: 'I10', description: 'Essential (primary) hypertension' }], errors: [] });
  });

  it('refuses unknown codes, categories (naming codes below them) and repeats, field by field', () => {
    const { errors } = checkDiagnoses(['J02.9', 'Q99.99', 'J02', 'j02.9'], '2026-12-02', icd);
    expect(errors.map((e) => e.field)).toEqual(['codes[1]', 'codes[2]', 'codes[3]']);
    expect(errors[0].messages[0]).toContain('not an ICD-10-CM code');
    expect(errors[1].messages[0]).toMatch(/category, not billable.*J02\.0, J02\.9/);
    expect(errors[2].messages[0]).toContain('given twice');
  });

  it('refuses a date of service before the loaded release is in effect', () => {
    expect(checkDiagnoses(['J02.9'], '2025-09-30', icd).errors).toEqual([{ field: 'codes', messages: [expect.stringContaining('in effect from 2025-10-01')] }]);
    expect(checkDiagnoses(['J02.9'], '2025-10-01', icd).errors).toEqual([]);
  });

  it('finds lines that would point at a diagnosis no longer there', () => {
    expect(danglingPointers([{ diagnosisPointers: [1, 2] }], 1)).toEqual([expect.stringContaining('line 1 points at diagnosis 2')]);
    expect(danglingPointers([{ diagnosisPointers: [1, 2] }], 2)).toEqual([]);
  });
});

describe('encounter lines', () => {
  it('prices a line from the fee schedule on the date of service, times units, a modifier price first', () => {
    const { lines, errors } = checkLines(
      [{ code: 's9083', units: 1, diagnosisPointers: [1] }, { code: 'X9213', modifiers: ['95'], units: 1, diagnosisPointers: [2, 1] }, { code: 'J3420', units: 3, diagnosisPointers: [1] }],
      ctx,
    );
    expect(errors).toEqual([]);
    expect(lines.map((l) => [l.code, l.unitChargeCents, l.chargeCents, l.chargeSource, l.placeholder])).toEqual([
      ['S9083', 17500, 17500, 'fee-schedule', false],
      ['X9213', 14000, 14000, 'fee-schedule', true],
      ['J3420', 2500, 7500, 'fee-schedule', false],
    ]);
    expect(checkLines([{ code: 'S9083', units: 1, diagnosisPointers: [1] }], { ...ctx, dateOfService: '2027-01-05' }).lines[0].chargeCents).toBe(18000);
  });

  it('keeps a charge that is entered (zero included)', () => {
    expect(checkLines([{ code: 'S9083', units: 2, chargeCents: 30000, diagnosisPointers: [1] }], ctx).lines[0]).toMatchObject({ unitChargeCents: 15000, chargeCents: 30000, chargeSource: 'entered' });
    expect(checkLines([{ code: 'S9083', units: 1, chargeCents: 0, diagnosisPointers: [1] }], ctx).errors).toEqual([]);
  });

  it('refuses, per field: a negative charge, a pointer to no diagnosis, unknown and expired codes, bad modifiers and units, no price', () => {
    const { lines, errors } = checkLines(
      [
        { code: 'S9083', units: 1, chargeCents: -100, diagnosisPointers: [1] },
        { code: 'S9083', units: 1, diagnosisPointers: [3] },
        { code: 'X0000', units: 1, diagnosisPointers: [1] },
        { code: 'G0202', units: 1, chargeCents: 100, diagnosisPointers: [1] },
        { code: 'S9083', modifiers: ['LT', 'RT'], units: 0, diagnosisPointers: [] },
        { code: 'J3420', units: 1, diagnosisPointers: [1, 1, 2, 2, 2] },
      ],
      { ...ctx, fees: fees.filter((f) => f.code !== 'J3420') },
    );
    expect(lines).toEqual([]);
    expect(errors.map((e) => e.field)).toEqual([
      'lines[0].chargeCents',
      'lines[1].diagnosisPointers',
      'lines[2].code',
      'lines[3].code',
      'lines[4].modifiers',
      'lines[4].units',
      'lines[4].diagnosisPointers',
      'lines[5].chargeCents',
      'lines[5].diagnosisPointers',
      'lines[5].diagnosisPointers',
    ]);
    expect(errors[0].messages[0]).toContain('cannot be negative');
    expect(errors[1].messages[0]).toContain('pointer 3 points at no diagnosis');
    expect(errors[2].messages[0]).toContain('not a procedure code billing knows');
    expect(errors[3].messages[0]).toContain('not valid on the date of service 2026-12-02');
    expect(errors[7].messages[0]).toContain('no price for J3420');
  });

  it('asks for diagnoses first when a line points while there are none', () => {
    expect(checkLines([{ code: 'S9083', units: 1, diagnosisPointers: [1] }], { ...ctx, diagnosisCount: 0 }).errors[0].messages[0]).toContain('set the diagnoses first');
  });
});

describe('drafts and status', () => {
  it("drafts the appointment type's default lines priced on the date of service; no price: unpriced", () => {
    const lines = draftLines([{ code: 'S9083', modifiers: [], units: 1 }, { code: 'G0202', modifiers: [], units: 1 }, { code: 'NOPE1', modifiers: [], units: 1 }], { dateOfService: '2026-12-02', known, fees });
    expect(lines.map((l) => [l.code, l.chargeCents, l.chargeSource, l.diagnosisPointers])).toEqual([
      ['S9083', 17500, 'fee-schedule', []],
      ['G0202', 0, 'unpriced', []],
    ]);
  });

  it('is coded once it has diagnoses and priced lines that all point at them', () => {
    const line = checkLines([{ code: 'S9083', units: 1, diagnosisPointers: [1] }], ctx).lines[0];
    const diagnoses = [{ code: 'J02.9', description: 'x' }];
    expect(statusAfterCoding(diagnoses, [line])).toBe('coded');
    expect(statusAfterCoding([], [line])).toBe('draft');
    expect(statusAfterCoding(diagnoses, [{ ...line, diagnosisPointers: [] }])).toBe('draft');
    expect(statusAfterCoding(diagnoses, [{ ...line, chargeSource: 'unpriced' }])).toBe('draft');
    expect(notReadyReasons({ diagnoses: [], lines: [{ ...line, diagnosisPointers: [] }] })).toEqual([
      expect.stringContaining('no diagnosis'),
      'line 1 (S9083) points at no diagnosis',
    ]);
  });
});
