import { firstDueDate, installmentAmount, nextDueDate } from './payment-plans.rules';

describe('payment plan rules', () => {
  it('the first installment is due on the day this month if it has not passed, else next month', () => {
    expect(firstDueDate('2026-12-02', 2)).toBe('2026-12-02');
    expect(firstDueDate('2026-12-02', 15)).toBe('2026-12-15');
    expect(firstDueDate('2026-12-20', 15)).toBe('2027-01-15');
    expect(nextDueDate('2027-01-28', 28)).toBe('2027-02-28');
  });

  it('an installment never takes more than the patient owes', () => {
    expect(installmentAmount(3000, 9000)).toBe(3000);
    expect(installmentAmount(3000, 1200)).toBe(1200);
    expect(installmentAmount(3000, 0)).toBe(0);
  });
});
