import { excludes1References, inRange } from './excludes1';

describe('Excludes1 references', () => {
  it('reads the reference shapes of the tabular list', () => {
    expect(excludes1References('type 1 diabetes mellitus (E10.-)')).toEqual([{ from: 'E10', to: 'E10' }]);
    expect(excludes1References('gestational diabetes (O24.4-)')).toEqual([{ from: 'O244', to: 'O244' }]);
    expect(excludes1References('hyperglycemia NOS (R73.9)')).toEqual([{ from: 'R739', to: 'R739' }]);
    expect(excludes1References('hypertensive disease complicating pregnancy (O10-O11, O13-O16)')).toEqual([{ from: 'O10', to: 'O11' }, { from: 'O13', to: 'O16' }]);
    expect(excludes1References('fracture (S72.0.-)')).toEqual([{ from: 'S720', to: 'S720' }]);
  });

  it('skips references qualified in words and notes without references', () => {
    expect(excludes1References('diabetic acidosis (E08-E13 with .10)')).toEqual([]);
    expect(excludes1References('disorders of:')).toEqual([]);
  });

  it('matches codes below a range end', () => {
    expect(inRange('E10.65', { from: 'E10', to: 'E10' })).toBe(true);
    expect(inRange('E11.9', { from: 'E10', to: 'E10' })).toBe(false);
    expect(inRange('O16.9', { from: 'O13', to: 'O16' })).toBe(true);
    expect(inRange('O12.1', { from: 'O13', to: 'O16' })).toBe(false);
    expect(inRange('E11.9', { from: 'E111', to: 'E119' })).toBe(true);
  });
});
