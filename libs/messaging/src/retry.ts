/** Exponential backoff with full jitter, capped: attempt 1 waits ~initial, then doubles. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Errors that retrying cannot fix (bad data, broken rule): they go straight to the dead letters. */
export class PermanentError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'PermanentError';
  }
}

export function isPermanent(error: unknown): boolean {
  const e = error as { name?: string; kind?: string };
  // Domain errors (bad state, not found, ...) will fail identically on every attempt.
  return e?.name === 'PermanentError' || e?.name === 'ContractViolation' || e?.name === 'DomainError';
}
