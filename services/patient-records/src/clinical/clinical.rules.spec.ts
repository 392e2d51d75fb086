import { changedFields, futureDateProblems, statusChangeProblem } from './clinical.rules';

describe('clinical entry rules', () => {
  it('a patch changes only the fields it gives with a new value', () => {
    const current = { substance: 'Penicillin', severity: 'mild', status: 'active' };
    expect(changedFields(current, { severity: 'severe', substance: 'Penicillin', status: undefined })).toEqual(['severity']);
    expect(changedFields(current, {})).toEqual([]);
  });

  it('marking entered-in-error needs a reason, and such an entry changes no more', () => {
    expect(statusChangeProblem({ status: 'active' }, { status: 'entered-in-error' }, ['status'])?.code).toBe('CLINICAL.REASON_REQUIRED');
    expect(statusChangeProblem({ status: 'active' }, { status: 'entered-in-error', reason: '  ' }, ['status'])?.code).toBe('CLINICAL.REASON_REQUIRED');
    expect(statusChangeProblem({ status: 'active' }, { status: 'entered-in-error', reason: 'wrong patient' }, ['status'])).toBeNull();
    expect(statusChangeProblem({ status: 'entered-in-error' }, { status: 'active' }, ['status'])?.code).toBe('CLINICAL.ENTRY_ENTERED_IN_ERROR');
    expect(statusChangeProblem({ status: 'entered-in-error' }, { status: 'entered-in-error' }, [])).toBeNull();
    expect(statusChangeProblem({ status: 'active' }, { status: 'resolved' }, ['status'])).toBeNull();
  });

  it('refuses clinical dates in the future and impossible dates', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    expect(futureDateProblems({ onsetDate: '2026-12-01', notedOn: undefined }, now)).toEqual([]);
    expect(futureDateProblems({ onsetDate: '2026-12-02' }, now)).toEqual([]); // already "today" east of UTC
    expect(futureDateProblems({ onsetDate: '2026-12-03', resolvedDate: '2026-02-30' }, now).map((p) => p.field)).toEqual(['onsetDate', 'resolvedDate']);
    expect(futureDateProblems({ onsetDate: '2026-13-01' }, now).map((p) => p.field)).toEqual(['onsetDate']);
  });
});
