import { codeSystemOf, DISPUTE_THRESHOLD_CENTS, gfeDisclaimers, priceItem, totalOf } from './good-faith-estimates.rules';

describe('Good Faith Estimate rules', () => {
  it('prices items by quantity and totals them in cents', () => {
    const visit = priceItem({ serviceCode: 'X9213', codeSystem: 'CPT', placeholder: true, description: 'Office visit', quantity: 1, unitChargeCents: 9500 });
    const tests = priceItem({ serviceCode: 'X2947', codeSystem: 'CPT', placeholder: true, description: 'Glucose', quantity: 3, unitChargeCents: 1833 });
    expect(tests.expectedChargeCents).toBe(5499);
    expect(totalOf([visit, tests])).toBe(14999);
  });

  it('tells HCPCS Level II from CPT-shaped codes', () => {
    expect(codeSystemOf('G0439')).toBe('HCPCS');
    expect(codeSystemOf('X9213')).toBe('CPT');
  });

  it('carries the notices the rule requires: estimate, $400 dispute right with the threshold amount, keep a copy, not a contract', () => {
    const text = gfeDisclaimers(14999, false).join(' ');
    expect(DISPUTE_THRESHOLD_CENTS).toBe(40000);
    expect(text).toContain('It is an estimate');
    expect(text).toContain('billed $400 or more above this estimate (a total of $549.99 or more');
    expect(text).toContain('within 120 calendar days');
    expect(text).toContain('Keep a copy');
    expect(text).toContain('is not a contract');
    expect(text).not.toContain('asked to be treated as self-pay');
    expect(gfeDisclaimers(100, true).join(' ')).toContain('asked to be treated as self-pay');
  });
});
