import { HCPCS_LEVEL_II_SUBSET, icd10cmEffectiveFrom, inEffectOn, isPlaceholderProcedureCode, modifierProblems, procedureCodeSystem, PROCEDURE_MODIFIERS } from './procedure-codes';

describe('procedure codes', () => {
  it('tells placeholders (X and four digits) from real HCPCS Level II and CPT shapes', () => {
    expect(isPlaceholderProcedureCode('X9213')).toBe(true);
    for (const real of ['99213', 'G0439', 'J3420', '0001U', 'X921', 'X92134', 'x9213']) expect(isPlaceholderProcedureCode(real)).toBe(false);
    expect(procedureCodeSystem('G0439')).toBe('HCPCS');
    expect(procedureCodeSystem('99213')).toBe('CPT');
    expect(procedureCodeSystem('X9213')).toBe('CPT');
    expect(procedureCodeSystem('W1234')).toBeNull();
    expect(procedureCodeSystem('E11.9')).toBeNull();
  });

  it('ships a HCPCS Level II subset of real codes only: no placeholder, no CPT, no duplicate', () => {
    const codes = HCPCS_LEVEL_II_SUBSET.map((e) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['G0438', 'G0439', 'S9083', 'J3420']));
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.filter((c) => procedureCodeSystem(c) !== 'HCPCS')).toEqual([]);
  });

  it('knows when a code is in effect (both ends inclusive)', () => {
    const g0202 = HCPCS_LEVEL_II_SUBSET.find((e) => e.code === 'G0202')!;
    expect(inEffectOn(g0202, '2017-12-31')).toBe(true);
    expect(inEffectOn(g0202, '2018-01-01')).toBe(false);
    expect(inEffectOn({ effectiveFrom: '2011-01-01' }, '2010-12-31')).toBe(false);
    expect(inEffectOn({}, '1990-01-01')).toBe(true);
  });

  it('takes up to four known, distinct, consistent modifiers', () => {
    expect(modifierProblems([])).toEqual([]);
    expect(modifierProblems(['25', '59', 'XS', 'RT'])).toEqual([]);
    expect(Object.keys(PROCEDURE_MODIFIERS)).toEqual(expect.arrayContaining(['25', '59', 'XE', 'XS', 'XP', 'XU', '76', '77', '91', 'LT', 'RT', 'GT', '95', '26', 'TC', 'GA', 'GY', 'GZ', 'KX']));
    expect(modifierProblems(['25', '59', 'XS', 'RT', 'GT'])).toEqual([expect.stringContaining('at most 4')]);
    expect(modifierProblems(['2'])).toEqual([expect.stringContaining('not a modifier (two letters or digits)')]);
    expect(modifierProblems(['ZZ'])).toEqual([expect.stringContaining('ZZ is not a modifier we bill')]);
    expect(modifierProblems(['25', '25'])).toEqual(['25 is given twice']);
    expect(modifierProblems(['LT', 'RT'])).toEqual([expect.stringContaining('bill modifier 50')]);
    expect(modifierProblems(['26', 'TC'])).toEqual([expect.stringContaining('global service')]);
  });

  it('puts an ICD-10-CM release in effect from October 1 of the year before its fiscal year', () => {
    expect(icd10cmEffectiveFrom('2026')).toBe('2025-10-01');
    expect(icd10cmEffectiveFrom('draft')).toBeUndefined();
  });
});
