import { parseCodePairs, parseMue } from './cms-import';

describe('CMS NCCI file readers', () => {
  it('reads the practitioner PTP layout (notice and header lines skipped, * as no deletion)', () => {
    const text = [
      'CPT codes, descriptions and other data only are copyright 2025 American Medical Association.',
      'Column 1\tColumn 2\t* = In existence prior to 1996\tEffective Date\tDeletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale',
      'SYN60\tSYN61\t*\t19960101\t*\t1\tMisuse of column two code with column one code',
      'SYN60\tSYN62\t\t20240101\t20251231\t0\tMutually exclusive procedures',
      '',
    ].join('\r\n');
    expect(parseCodePairs(text, 'cms')).toEqual({
      rows: [
        { column1: 'SYN60', column2: 'SYN61', effectiveDate: '1996-01-01', modifierIndicator: '1', source: 'cms' },
        { column1: 'SYN60', column2: 'SYN62', effectiveDate: '2024-01-01', deletionDate: '2025-12-31', modifierIndicator: '0', source: 'cms' },
      ],
      skipped: 2,
      problems: [],
    });
  });

  it('reads the compact CSV layout and names unreadable lines', () => {
    const parsed = parseCodePairs('column1,column2,effective,deletion,modifier\nSYN60,SYN61,2026-01-01,,1\nSYN60,SYN63,2026-13-01,,1\nSYN60,SYN64,20260101,*,5\n', 'csv-test');
    expect(parsed.rows).toEqual([{ column1: 'SYN60', column2: 'SYN61', effectiveDate: '2026-01-01', modifierIndicator: '1', source: 'csv-test' }]);
    expect(parsed.problems).toEqual([
      { line: 3, message: 'effective date "2026-13-01" is not a date (YYYYMMDD)' },
      { line: 4, message: 'modifier indicator "5" is not 0, 1 or 9' },
    ]);
  });

  it('reads the MUE layout with its adjudication indicator text', () => {
    const text = 'HCPCS/CPT Code\tPractitioner Services MUE Values\tMUE Adjudication Indicator\tMUE Rationale\nG0439\t1\t2 Date of Service Edit: Policy\tNature of Service/Procedure\n"J1100",20,"3 Date of Service Edit: Clinical",x\n';
    const parsed = parseMue(text, 'cms-mue', 'tab');
    expect(parsed.rows).toEqual([{ code: 'G0439', value: 1, adjudicationIndicator: '2', source: 'cms-mue' }]);
    expect(parseMue('"J1100",20,"3 Date of Service Edit: Clinical",x', 'csv', 'csv').rows).toEqual([{ code: 'J1100', value: 20, adjudicationIndicator: '3', source: 'csv' }]);
    expect(parseMue('G0439\tmany\t2', 'x').problems).toEqual([{ line: 1, message: 'MUE value "many" is not a whole number' }]);
  });
});
