import { basisPoints, daysBetween, estimateVisit, EstimateInput, formatCents, inEffectOn, latestAnswered, percentOf } from './estimates.rules';

const price = { standardChargeCents: 15000, selfPayCents: 9500 };
const acme = { payerName: 'Acme Health', planName: 'Acme Gold PPO' };
const active = (benefits: NonNullable<EstimateInput['check']>['benefits'], extra: Partial<NonNullable<EstimateInput['check']>> = {}) =>
  ({ status: 'active' as const, dateOfService: '2026-12-01', ageDays: 0, benefits, ...extra });
const base: Omit<EstimateInput, 'check'> = { dateOfService: '2026-12-01', price, primary: acme, maxCheckAgeDays: 30 };
const sum = (lines: Array<{ amountCents: number }>) => lines.reduce((s, l) => s + l.amountCents, 0);
const codes = (r: { warnings: Array<{ code: string }> }) => r.warnings.map((w) => w.code);

describe('what the patient will owe for a visit', () => {
  it('PPO with an office copay: the $25 copay today and in all; the remaining deductible does not apply to it', () => {
    const r = estimateVisit({ ...base, check: active({ copayCents: 2500, coinsurancePercent: 0.2, deductibleCents: 150000, deductibleRemainingCents: 35050 }) });
    expect(r).toMatchObject({ basis: 'insurance', dueTodayCents: 2500, expectedTotalCents: 2500, chargeCents: 15000, expectedPlanPaymentCents: 12500, warnings: [] });
    expect(r.lines.map((l) => [l.kind, l.amountCents])).toEqual([['copay', 2500], ['deductible', 0]]);
    expect(r.lines[0].explanation).toBe('Your Acme Gold PPO copay for an office visit is $25.00, collected today.');
    expect(r.lines[1].explanation).toContain('($350.50) does not apply');
  });

  it('a copay is never more than the charge', () => {
    const r = estimateVisit({ ...base, price: { standardChargeCents: 1800, selfPayCents: 1500 }, check: active({ copayCents: 2500 }) });
    expect([r.dueTodayCents, r.expectedTotalCents, r.expectedPlanPaymentCents]).toEqual([1800, 1800, 0]);
  });

  it('deductible partly met, then coinsurance on the rest; nothing due today without a copay', () => {
    // $150.00 charge, $50.00 of deductible left: $50.00 + 20% of $100.00 = $70.00.
    const r = estimateVisit({ ...base, check: active({ coinsurancePercent: 0.2, deductibleCents: 300000, deductibleRemainingCents: 5000 }) });
    expect(r).toMatchObject({ basis: 'insurance', dueTodayCents: 0, expectedTotalCents: 7000, expectedPlanPaymentCents: 8000 });
    expect(r.lines.map((l) => [l.kind, l.amountCents])).toEqual([['deductible', 5000], ['coinsurance', 2000]]);
    expect(r.lines[1].explanation).toBe('After the deductible, you pay 20% coinsurance of the remaining $100.00: $20.00.');
    expect(sum(r.lines)).toBe(r.expectedTotalCents);
  });

  it('a deductible larger than the charge takes all of it, and no coinsurance is left', () => {
    const r = estimateVisit({ ...base, check: active({ coinsurancePercent: 0.2, deductibleRemainingCents: 35050 }) });
    expect(r.lines.map((l) => [l.kind, l.amountCents])).toEqual([['deductible', 15000]]);
    expect([r.expectedTotalCents, r.expectedPlanPaymentCents]).toEqual([15000, 0]);
  });

  it('Medicare Part B: deductible met, 20% coinsurance (rounded half up to a cent, integers only)', () => {
    const r = estimateVisit({ ...base, primary: { payerName: 'Medicare Part B' }, price: { standardChargeCents: 12345, selfPayCents: 9000 }, check: active({ planName: 'MEDICARE PART B', coinsurancePercent: 0.2, deductibleCents: 28300, deductibleRemainingCents: 0 }) });
    // 20% of $123.45 = $24.69.
    expect(r).toMatchObject({ basis: 'insurance', dueTodayCents: 0, expectedTotalCents: 2469, expectedPlanPaymentCents: 9876, warnings: [] });
    expect(r.lines[0]).toEqual({ kind: 'deductible', amountCents: 0, explanation: 'Your deductible is met for the year, so none of this visit goes to it.' });
    expect(r.summary).toContain('MEDICARE PART B is expected to pay $98.76 and you $24.69');
  });

  it('HMO: the $15 copay', () => {
    const r = estimateVisit({ ...base, primary: { payerName: 'Acme Care HMO' }, check: active({ planName: 'ACME CARE HMO', copayCents: 1500 }) });
    expect(r).toMatchObject({ basis: 'insurance', dueTodayCents: 1500, expectedTotalCents: 1500, expectedPlanPaymentCents: 13500 });
    expect(r.lines).toHaveLength(1);
  });

  it('deductible fully met and coinsurance of zero: the plan pays all of it', () => {
    const r = estimateVisit({ ...base, check: active({ coinsurancePercent: 0, deductibleCents: 50000, deductibleRemainingCents: 0 }) });
    expect(r).toMatchObject({ expectedTotalCents: 0, expectedPlanPaymentCents: 15000, dueTodayCents: 0 });
    expect(r.lines.map((l) => [l.kind, l.amountCents])).toEqual([['deductible', 0], ['coinsurance', 0]]);
  });

  it('inactive coverage: estimated as self-pay, at the self-pay price, clearly labelled', () => {
    const r = estimateVisit({ ...base, check: { status: 'inactive', dateOfService: '2026-12-01', ageDays: 0 } });
    expect(r).toMatchObject({ basis: 'self-pay', dueTodayCents: 9500, expectedTotalCents: 9500, chargeCents: 9500 });
    expect(r.lines).toEqual([{ kind: 'self-pay', amountCents: 9500, explanation: expect.stringMatching(/^SELF-PAY: the coverage is inactive/) }]);
    expect(r.summary).toMatch(/^SELF-PAY estimate/);
    expect(codes(r)).toEqual(['COVERAGE_INACTIVE']);
  });

  it('no coverage, no check yet, or an answer that needs attention: self-pay with the reason', () => {
    expect(codes(estimateVisit({ ...base, primary: undefined }))).toEqual(['NO_COVERAGE']);
    const unchecked = estimateVisit({ ...base });
    expect(unchecked).toMatchObject({ basis: 'self-pay', expectedTotalCents: 9500 });
    expect(codes(unchecked)).toEqual(['NO_ELIGIBILITY_CHECK']);
    const attention = estimateVisit({ ...base, check: { status: 'needs-attention', reason: 'SUBSCRIBER_NOT_FOUND', dateOfService: '2026-12-01', ageDays: 0 } });
    expect(attention.warnings[0]).toEqual({ code: 'COVERAGE_NEEDS_ATTENTION', message: expect.stringContaining('SUBSCRIBER_NOT_FOUND') });
  });

  it('no price for the visit type: says so; the copay is still known, the total is not', () => {
    const insured = estimateVisit({ ...base, price: undefined, check: active({ copayCents: 2500 }) });
    expect(insured).toMatchObject({ basis: 'insurance', dueTodayCents: 2500 });
    expect(insured.expectedTotalCents).toBeUndefined();
    expect(codes(insured)).toEqual(['NO_PRICE']);
    const selfPay = estimateVisit({ ...base, price: undefined, primary: undefined });
    expect(selfPay).toMatchObject({ basis: 'self-pay', lines: [] });
    expect(selfPay.dueTodayCents).toBeUndefined();
    expect(codes(selfPay)).toEqual(['NO_PRICE', 'NO_COVERAGE']);
  });

  it('warns of an old check, a check for another date, missing benefits and a secondary not estimated', () => {
    const r = estimateVisit({ ...base, secondary: { payerName: 'Medicare Part B' }, check: active({ deductibleCents: 10000 }, { ageDays: 45, dateOfService: '2026-11-02' }) });
    expect(codes(r)).toEqual(['ELIGIBILITY_CHECK_OLD', 'ELIGIBILITY_CHECK_OTHER_DATE', 'SECONDARY_NOT_ESTIMATED', 'BENEFITS_INCOMPLETE', 'BENEFITS_INCOMPLETE']);
    // Nothing said of what is met: the whole $100 deductible assumed left; no coinsurance stated: none.
    expect(r.lines.map((l) => [l.kind, l.amountCents])).toEqual([['deductible', 10000], ['coinsurance', 0]]);
    expect(r.basis).toBe('insurance');
  });

  it('formats and computes money in integers', () => {
    expect(formatCents(114950)).toBe('$1,149.50');
    expect(formatCents(5)).toBe('$0.05');
    expect(basisPoints(0.2)).toBe(2000);
    expect(basisPoints(0.125)).toBe(1250);
    expect(basisPoints(1.5)).toBeNull();
    expect(percentOf(12345, 2000)).toBe(2469);
    expect(percentOf(5, 1000)).toBe(1); // 0.5 cent rounds up
    expect(percentOf(4, 1000)).toBe(0);
  });
});

describe('which coverage and check an estimate uses', () => {
  it('takes a coverage in effect on the date, open ends included', () => {
    expect(inEffectOn({ effectiveDate: '2026-01-01' }, '2026-12-01')).toBe(true);
    expect(inEffectOn({ effectiveDate: '2026-01-01', terminationDate: '2026-12-01' }, '2026-12-01')).toBe(true);
    expect(inEffectOn({ effectiveDate: '2026-01-01', terminationDate: '2026-11-30' }, '2026-12-01')).toBe(false);
    expect(inEffectOn({ effectiveDate: '2026-12-02' }, '2026-12-01')).toBe(false);
  });

  it('takes the latest answer, passing over a payer that was unavailable', () => {
    const at = (iso: string) => new Date(iso);
    const checks = [
      { id: 'a', status: 'active', completedAt: at('2026-11-01T10:00:00Z') },
      { id: 'b', status: 'payer-unavailable', completedAt: at('2026-11-03T10:00:00Z') },
      { id: 'c', status: 'inactive', completedAt: at('2026-11-02T10:00:00Z') },
    ];
    expect(latestAnswered(checks)?.id).toBe('c');
    expect(latestAnswered([checks[1]])).toBeUndefined();
    expect(daysBetween(at('2026-11-01T10:00:00Z'), at('2026-11-03T09:59:59Z'))).toBe(1);
  });
});
