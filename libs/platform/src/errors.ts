/**
 * Domain errors carry a stable machine-readable code (e.g. APPOINTMENT.SLOT_TAKEN) and a message
 * for people. Use cases throw these; one exception filter maps the kind to an HTTP status.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'gone'
  | 'unprocessable'
  | 'too-many-requests'
  | 'unavailable'
  | 'too-large'
  | 'method-not-allowed'
  | 'unsupported-media-type';

export const statusOfKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  unprocessable: 422,
  'too-many-requests': 429,
  unavailable: 503,
  'too-large': 413,
  'method-not-allowed': 405,
  'unsupported-media-type': 415,
};

export interface FieldError {
  field: string;
  messages: string[];
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: { errors?: FieldError[]; [key: string]: unknown },
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string, errors?: FieldError[]) => new DomainError('invalid', code, message, errors ? { errors } : undefined);
export const notFound = (code: string, message: string) => new DomainError('not-found', code, message);
export const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
/** The thing existed but is no longer usable (e.g. an expired link). */
export const gone = (code: string, message: string) => new DomainError('gone', code, message);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
export const unauthenticated = (code: string, message: string) => new DomainError('unauthenticated', code, message);
export const unprocessable = (code: string, message: string, errors?: FieldError[]) => new DomainError('unprocessable', code, message, errors ? { errors } : undefined);
/** A request body over what the route accepts (e.g. an upload over its size limit). */
/** 405: the path exists, not with this method; `allow` lists the methods it has (sent as the Allow header too). */
export const methodNotAllowed = (method: string, allow: string[]) =>
  new DomainError('method-not-allowed', 'REQUEST.METHOD_NOT_ALLOWED', `${method} is not allowed here; use ${allow.join(', ')}.`, { allow });
export const tooLarge = (code: string, message: string) => new DomainError('too-large', code, message);
/** Content of a type the route does not keep (as sniffed, not as declared). */
export const unsupportedMediaType = (code: string, message: string) => new DomainError('unsupported-media-type', code, message);
/** 429: wait `retryAfterSeconds` (sent as the Retry-After header and as `retryAfter` in the body). */
export const tooManyRequests = (code: string, message: string, retryAfterSeconds: number) =>
  new DomainError('too-many-requests', code, message, { retryAfter: retryAfterSeconds });
