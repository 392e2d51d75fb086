import { coverageDateProblems, memberIdFits, orderClash, overlaps } from './coverages.rules';

describe('coverage rules', () => {
  it('refuses a termination before the effective date and a subscriber born after the coverage starts', () => {
    expect(coverageDateProblems({ effectiveDate: '2026-01-01', terminationDate: '2026-12-31', subscriberBirthDate: '1970-01-01' })).toEqual([]);
    expect(coverageDateProblems({ effectiveDate: '2026-01-01', terminationDate: '2026-01-01' })).toEqual([]);
    expect(coverageDateProblems({ effectiveDate: '2026-02-01', terminationDate: '2026-01-31' })).toEqual([expect.stringContaining('before effectiveDate')]);
    expect(coverageDateProblems({ effectiveDate: '2026-01-01', subscriberBirthDate: '2026-01-02' })).toEqual([expect.stringContaining('born')]);
    expect(coverageDateProblems({ effectiveDate: '2026-02-31' })).toEqual([expect.stringContaining('not a date')]);
  });

  it('finds another coverage of the same order over an overlapping period, open ends included', () => {
    const primary = { id: 'a', order: 'primary' as const, effectiveDate: '2026-01-01' };
    expect(orderClash({ id: 'b', order: 'primary', effectiveDate: '2027-01-01' }, [primary])).toBe(primary);
    expect(orderClash({ id: 'b', order: 'secondary', effectiveDate: '2026-01-01' }, [primary])).toBeUndefined();
    expect(orderClash({ id: 'b', order: 'primary', effectiveDate: '2025-01-01', terminationDate: '2025-12-31' }, [primary])).toBeUndefined();
    expect(orderClash({ id: 'a', order: 'primary', effectiveDate: '2026-01-01' }, [primary])).toBeUndefined();
    expect(overlaps({ effectiveDate: '2025-01-01', terminationDate: '2026-01-01' }, primary)).toBe(true);
  });

  it("checks a member id against the payer's format when it has one", () => {
    expect(memberIdFits('PPO12345', '^PPO[0-9]{5}$')).toBe(true);
    expect(memberIdFits('XYZ12345', '^PPO[0-9]{5}$')).toBe(false);
    expect(memberIdFits('anything', undefined)).toBe(true);
  });
});
