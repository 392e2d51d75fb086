import { ContractViolation } from '@clinic-flow/contracts';
import { conflict } from '@clinic-flow/platform';
import { backoffDelay, isPermanent, PermanentError } from './retry';

describe('backoffDelay', () => {
  it('doubles per attempt within [half, full] of the ceiling, capped', () => {
    expect(backoffDelay(1, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelay(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelay(3, 100, 10_000, () => 1)).toBe(400);
    expect(backoffDelay(20, 100, 1_000, () => 1)).toBe(1_000);
  });
});

describe('isPermanent', () => {
  it('does not retry what cannot succeed on a retry', () => {
    expect(isPermanent(new ContractViolation(['bad']))).toBe(true);
    expect(isPermanent(conflict('X.Y', 'no'))).toBe(true);
    expect(isPermanent(new PermanentError('no'))).toBe(true);
    expect(isPermanent(new Error('ECONNRESET'))).toBe(false);
  });
});
