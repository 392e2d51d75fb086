import { runRule } from '../rule-set';
import { claimWith, claimWithLines, line } from './fixture-claim';
import { fixtureTables } from './fixture-tables';
import { diagnosisPointers, excludes1Pairs } from './diagnoses.rules';

const tables = fixtureTables();

describe('Excludes1 pairs', () => {
  const withDiagnoses = (diagnoses: string[]) => runRule(excludes1Pairs, claimWith((c) => (c.diagnoses = diagnoses)), tables);

  it("refuses type 1 and type 2 diabetes together, naming the note (inherited from the category of the first)", () => {
    const findings = withDiagnoses(['E10.9', 'E11.9']);
    expect(findings.map((f) => f.path)).toEqual(['diagnoses[1]']);
    expect(findings[0].message).toBe('E11.9 and E10.9 may not be coded together: Excludes1 note on E10, "type 2 diabetes mellitus (E11.-)".');
  });

  it('reads a note on either code and ranges such as (O10-O11, O13-O16)', () => {
    expect(withDiagnoses(['O10.02', 'I10']).map((f) => f.path)).toEqual(['diagnoses[1]']);
    expect(withDiagnoses(['E11.9', 'R73.9'])).toEqual([]);
    expect(withDiagnoses(['E10.9', 'R73.9'])).toHaveLength(1);
  });

  it('lets unrelated diagnoses pass', () => {
    expect(withDiagnoses(['E11.9', 'I10', 'J45.909', 'Z00.00'])).toEqual([]);
  });
});

describe('diagnosis pointers', () => {
  it('refuses pointer 0, past the last diagnosis, repeated, and more than four', () => {
    const claim = claimWithLines([line('L1', 'SYN10', { diagnosisPointers: [0, 2, 2] }), line('L2', 'J1100', { units: 2, diagnosisPointers: [1, 2, 1, 2, 1] })], (c) => (c.diagnoses = ['E11.9', 'I10']));
    expect(runRule(diagnosisPointers, claim, tables).map((f) => f.path)).toEqual([
      'lines[0].diagnosisPointers[0]', 'lines[0].diagnosisPointers[2]', 'lines[1].diagnosisPointers', 'lines[1].diagnosisPointers[2]', 'lines[1].diagnosisPointers[3]', 'lines[1].diagnosisPointers[4]',
    ]);
  });
});
