import { parseCodeFile } from './procedure-codes.rules';

describe('a CPT file to import', () => {
  it('reads tab- and comma-separated lines, skips a header and blank lines, flags placeholders', () => {
    const parsed = parseCodeFile('code\tdescriptor\nX9213\tOffice visit, placeholder\n\nx9214,"Office visit, moderate (placeholder)",2026-01-01,2026-12-31\r\n');
    expect(parsed.problems).toEqual([]);
    expect(parsed.codes).toEqual([
      { code: 'X9213', description: 'Office visit, placeholder', placeholder: true },
      { code: 'X9214', description: 'Office visit, moderate (placeholder)', placeholder: true, effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31' },
    ]);
  });

  it('takes CPT-shaped codes as not placeholders', () => {
    expect(parseCodeFile('0001U\tA lab test').codes).toEqual([{ code: '0001U', description: 'A lab test', placeholder: false }]);
  });

  it('names every bad line: HCPCS codes, wrong shapes, missing descriptors, bad dates, duplicates', () => {
    const parsed = parseCodeFile(['X9213\tok', 'G0439\tannual wellness', 'E11.9\tnot a procedure', 'X9214\t', 'X9215\tok\t2026-13\t', 'X9216\tok\t2026-02-01\t2026-01-01', 'X9213\tagain'].join('\n'));
    expect(parsed.problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(parsed.problems[0].message).toContain('HCPCS Level II');
    expect(parsed.problems[1].message).toContain('not a CPT code');
    expect(parsed.problems[2].message).toContain('descriptor');
    expect(parsed.problems[3].message).toContain('not YYYY-MM-DD');
    expect(parsed.problems[4].message).toContain('before effective-from');
    expect(parsed.problems[5].message).toContain('already on line 1');
  });

  it('refuses a file with no code', () => {
    expect(parseCodeFile('code\tdescriptor\n').problems).toEqual([{ line: 1, message: 'the file holds no codes' }]);
  });
});
