import { allowedOn, feeOn, periodProblems } from './fee-schedule.rules';
import type { AllowedAmountRecord, FeeRecord } from './fee-schedule.schema';

const fee = (f: Partial<FeeRecord>): FeeRecord => ({ code: 'X9213', modifier: '', chargeCents: 15000, effectiveFrom: '2026-01-01', updatedBy: 'u', updatedAt: new Date(), ...f });

describe('pricing on the date of service', () => {
  const fees = [
    fee({}),
    fee({ chargeCents: 16000, effectiveFrom: '2027-01-01' }),
    fee({ modifier: '95', chargeCents: 14000 }),
    fee({ code: 'J3420', chargeCents: 2500, effectiveTo: '2026-06-30' }),
  ];

  it('takes the price in effect on that day: a later start supersedes an earlier price', () => {
    expect(feeOn(fees, 'X9213', [], '2026-12-31')?.chargeCents).toBe(15000);
    expect(feeOn(fees, 'X9213', [], '2027-01-01')?.chargeCents).toBe(16000);
    expect(feeOn(fees, 'X9213', [], '2025-12-31')).toBeUndefined();
  });

  it('prefers a price for a modifier the line carries over the base price', () => {
    expect(feeOn(fees, 'X9213', ['95'], '2026-12-02')?.chargeCents).toBe(14000);
    expect(feeOn(fees, 'X9213', ['25'], '2026-12-02')?.chargeCents).toBe(15000);
  });

  it('has no price after a price ended', () => {
    expect(feeOn(fees, 'J3420', [], '2026-06-30')?.chargeCents).toBe(2500);
    expect(feeOn(fees, 'J3420', [], '2026-07-01')).toBeUndefined();
  });

  it("finds a payer's allowed amount on a date", () => {
    const amounts: AllowedAmountRecord[] = [{ payerId: 'payer-acme', code: 'X9213', modifier: '', allowedCents: 12000, effectiveFrom: '2026-01-01', updatedBy: 'u', updatedAt: new Date() }];
    expect(allowedOn(amounts, 'payer-acme', 'X9213', [], '2026-12-02')?.allowedCents).toBe(12000);
    expect(allowedOn(amounts, 'payer-medicare', 'X9213', [], '2026-12-02')).toBeUndefined();
  });

  it('refuses a period that ends before it starts', () => {
    expect(periodProblems({ effectiveFrom: '2026-02-01', effectiveTo: '2026-01-31' })).toEqual([expect.stringContaining('before effectiveFrom')]);
    expect(periodProblems({ effectiveFrom: '2026-02-01', effectiveTo: '2026-02-01' })).toEqual([]);
  });
});
