/** Exponential backoff with full jitter, capped: attempt 1 waits ~initial, then doubles. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** (Math.min(attempt, 32) - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Errors that retrying cannot fix (bad data, broken rule): they go straight to the dead letters. */
export class PermanentError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'PermanentError';
  }
}

/** A dependency this code needs is unavailable: worth waiting for, however long it takes. */
export class TransientError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'TransientError';
  }
}

export function isPermanent(error: unknown): boolean {
  const e = error as { name?: string; kind?: string };
  // Domain errors (bad state, not found, ...) will fail identically on every attempt.
  return e?.name === 'PermanentError' || e?.name === 'ContractViolation' || e?.name === 'DomainError';
}

/** Driver error classes that mean "the server could not be reached or did not answer in time". */
const TRANSIENT_NAMES = new Set([
  'TransientError',
  // mongodb / mongoose
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoWaitQueueTimeoutError',
  // kafkajs (retriable ones are recognised by their flag as well)
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSBrokerNotFound',
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
  // ioredis
  'MaxRetriesPerRequestError',
  // fetch / AbortSignal.timeout
  'TimeoutError',
]);

/** Socket-level failures, from Node itself or from undici. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

const TRANSIENT_LABELS = ['RetryableWriteError', 'TransientTransactionError', 'ResetPool'];

/** Messages of drivers that throw plain errors when their connection is gone. */
const TRANSIENT_MESSAGES = [
  /^Connection is closed\.?$/, // ioredis
  /enableOfflineQueue options is false/, // ioredis without an offline queue
  /buffering timed out after \d+ ?ms/, // mongoose waiting for a connection
];

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  retriable?: unknown;
  cause?: unknown;
  errors?: unknown;
  hasErrorLabel?: (label: string) => boolean;
}

function transientItself(e: ErrorLike): boolean {
  const name = typeof e.name === 'string' ? e.name : '';
  if (TRANSIENT_NAMES.has(name)) return true;
  if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) return true;
  // kafkajs marks what a retry may fix (leader moving, broker restarting, topic being created).
  if (name.startsWith('KafkaJS') && e.retriable === true) return true;
  const hasLabel = e.hasErrorLabel;
  if (typeof hasLabel === 'function' && TRANSIENT_LABELS.some((label) => hasLabel.call(e, label))) return true;
  return typeof e.message === 'string' && TRANSIENT_MESSAGES.some((pattern) => pattern.test(e.message as string));
}

/**
 * How an error should be retried: `permanent` never (dead-letter now), `transient` for as long as
 * it lasts (a database, broker or Redis that is down or timing out), `unknown` a bounded number
 * of times (most likely a bug, which retrying will not fix but a redeploy may). Wrapped errors
 * (`cause`, aggregate `errors`, kafkajs retries that gave up) are judged by what they wrap.
 */
export function classifyError(error: unknown): 'permanent' | 'transient' | 'unknown' {
  if (isPermanent(error)) return 'permanent';
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length) {
    const e = pending.pop();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const like = e as ErrorLike;
    if (transientItself(like)) return 'transient';
    pending.push(like.cause);
    if (Array.isArray(like.errors)) pending.push(...like.errors);
  }
  return 'unknown';
}
