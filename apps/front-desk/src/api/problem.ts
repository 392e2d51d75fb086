/**
 * What the API answers when something goes wrong (RFC 9457 problem details, libs/platform), and
 * how the screens turn it into words for the person at the desk: a title and what to do, in
 * their language, the server's own detail beneath, and the fields to fix. Never raw JSON.
 */
import { hasKey, type MessageKey, type Translate } from '../i18n/i18n';

export interface FieldProblem {
  field: string;
  messages: string[];
}

export interface Problem {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  correlationId?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** A failed call: the problem the API answered, or status 0 when no answer came (network down). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.code}: ${problem.detail ?? problem.title ?? ''}`);
    this.name = 'ApiError';
  }
}

/** The problem in a body the API sent, or one made from the status when the body is not one. */
export function toProblem(status: number, body: unknown): Problem {
  if (body && typeof body === 'object' && typeof (body as Problem).code === 'string') {
    return { ...(body as Problem), status };
  }
  return { status, code: `HTTP.${status}`, detail: typeof body === 'string' && body.length < 300 ? body : undefined };
}

export const NETWORK_PROBLEM: Problem = { status: 0, code: 'NETWORK' };

export interface ShownError {
  title: string;
  action: string;
  /** The server's explanation (in English), when it says more than the title. */
  detail?: string;
  fields: FieldProblem[];
  /** For support: the correlation id of the request. */
  reference?: string;
}

function byStatus(status: number): 'network' | 'invalid' | 'unauthenticated' | 'forbidden' | 'notFound' | 'conflict' | 'unavailable' | 'generic' {
  if (status === 0) return 'network';
  if (status === 400 || status === 422) return 'invalid';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'notFound';
  if (status === 409) return 'conflict';
  if (status === 429 || status === 502 || status === 503 || status === 504) return 'unavailable';
  return 'generic';
}

/** The words a person needs for a problem: a known code has its own, else its status class does. */
export function describeProblem(problem: Problem, t: Translate): ShownError {
  const titleKey = `error.${problem.code}.title`;
  const actionKey = `error.${problem.code}.action`;
  const kind = byStatus(problem.status);
  const title = hasKey(titleKey) ? t(titleKey) : t(`error.${kind}.title` as MessageKey);
  const action = hasKey(actionKey) ? t(actionKey) : t(`error.${kind}.action` as MessageKey);
  const fields = Array.isArray(problem.errors) ? problem.errors.filter((e) => e && typeof e.field === 'string' && Array.isArray(e.messages)) : [];
  // The detail is left out where it only repeats the title or the one field's message.
  const repeats = problem.detail === problem.title || fields.some((f) => f.messages.join('; ') === problem.detail);
  return {
    title,
    action,
    detail: problem.detail && !repeats && kind !== 'network' ? problem.detail : undefined,
    fields,
    reference: problem.correlationId,
  };
}

/** The problem behind any thrown value (a bug in the page is shown as a generic failure). */
export function problemOf(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  return { status: -1, code: 'CLIENT', detail: error instanceof Error ? error.message : String(error) };
}
