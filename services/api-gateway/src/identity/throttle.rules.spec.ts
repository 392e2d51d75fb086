import { afterFailure, delaySeconds, FRESH, retryAfterSeconds, ThrottlePolicy, ThrottleState } from './throttle.rules';

const policy: ThrottlePolicy = { threshold: 5, baseDelaySeconds: 5, maxDelaySeconds: 900, forgetAfterSeconds: 3600 };
const t0 = new Date('2026-12-01T08:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

function fail(times: number, from: ThrottleState = FRESH): ThrottleState {
  let state = from;
  for (let i = 0; i < times; i++) state = afterFailure(state, policy, t0);
  return state;
}

describe('sign-in throttling', () => {
  it('lets four failures through and makes the fifth wait', () => {
    expect(retryAfterSeconds(fail(4), policy, t0)).toBe(0);
    expect(retryAfterSeconds(fail(5), policy, t0)).toBe(5);
  });

  it('doubles the wait with each further failure, up to the cap', () => {
    expect([5, 6, 7, 8].map((n) => delaySeconds(n, policy))).toEqual([5, 10, 20, 40]);
    expect(delaySeconds(40, policy)).toBe(900);
    expect(delaySeconds(10_000, policy)).toBe(900);
  });

  it('opens again when the wait is over, and never later than the cap', () => {
    const state = fail(50);
    expect(retryAfterSeconds(state, policy, at(899))).toBe(1);
    expect(retryAfterSeconds(state, policy, at(900))).toBe(0);
  });

  it('rounds Retry-After up to whole seconds', () => {
    expect(retryAfterSeconds(fail(5), policy, new Date(t0.getTime() + 4_200))).toBe(1);
  });

  it('forgets failures an hour after the last one', () => {
    const state = fail(4);
    expect(afterFailure(state, policy, at(3599)).failures).toBe(5);
    expect(afterFailure(state, policy, at(3600)).failures).toBe(1);
  });
});
