/*
 * Sign-in throttling (pure rules). Failed sign-ins are counted per account and per client address.
 * From the `threshold`-th failure on, the next attempt must wait `base * 2^(failures - threshold)`
 * seconds, at most `max`: attempts inside the wait are answered 429 with Retry-After and not
 * checked (so they do not count). A successful sign-in clears the account's count; an address's
 * count is only forgotten (a valid account of one's own must not reset a guesser's address).
 * Counts are forgotten `forgetAfter` seconds after the last failure. Nobody is locked out for
 * good: the wait never exceeds `max`, and once an attacker stops, the account opens again.
 */

export interface ThrottlePolicy {
  /** Failures allowed before the first wait. */
  threshold: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** A count with no failure for this long starts again from zero. */
  forgetAfterSeconds: number;
}

export interface ThrottleState {
  failures: number;
  lastFailureAt?: Date;
  /** No attempt is checked before this instant. */
  blockedUntil?: Date;
}

export const FRESH: ThrottleState = { failures: 0 };

/** The wait after this many failures (0 below the threshold). */
export function delaySeconds(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.threshold) return 0;
  return Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** Math.min(failures - policy.threshold, 30));
}

/** The state as it counts now: forgotten when the last failure is old enough. */
export function current(state: ThrottleState | null | undefined, policy: ThrottlePolicy, now: Date): ThrottleState {
  if (!state?.lastFailureAt) return FRESH;
  if (now.getTime() - state.lastFailureAt.getTime() >= policy.forgetAfterSeconds * 1000) return FRESH;
  return state;
}

/** Seconds to wait before an attempt is checked (0: go ahead); whole seconds, rounded up, for Retry-After. */
export function retryAfterSeconds(state: ThrottleState | null | undefined, policy: ThrottlePolicy, now: Date): number {
  const blockedUntil = current(state, policy, now).blockedUntil;
  if (!blockedUntil) return 0;
  const ms = blockedUntil.getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** The state after one more failure. */
export function afterFailure(state: ThrottleState | null | undefined, policy: ThrottlePolicy, now: Date): ThrottleState {
  const failures = current(state, policy, now).failures + 1;
  const wait = delaySeconds(failures, policy);
  return { failures, lastFailureAt: now, ...(wait > 0 ? { blockedUntil: new Date(now.getTime() + wait * 1000) } : {}) };
}
