import { redactErrorText } from '@clinic-flow/platform';

/*
 * What the operations console sees of a BullMQ job that failed for good (issue 13). Job data
 * carries ids and the trace only, by convention; this view keeps to that even where a queue's data
 * holds more: only ids, the correlation id and numbers/booleans leave the service, every other
 * field shows as masked, and the failure text loses contact points and quoted values.
 */

/** How a masked value shows, as in the console's event payloads. */
const MASKED = '•••';

/** Trace context fields: not patient data, but nothing an operator reads either. */
const TRACE_FIELDS = new Set(['traceparent', 'tracestate']);

/** The fields of a job's data an operator may see: ids (`*Id`, `*Ids`, `id`), the correlation id, numbers and booleans (attempt, slot). */
export function jobDataView(data: unknown): Record<string, unknown> {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
  const view: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data as Record<string, unknown>)) {
    if (TRACE_FIELDS.has(name)) continue;
    const idField = name === 'id' || /Id$/.test(name) || /Ids$/.test(name);
    if (idField && (typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string')))) view[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') view[name] = value;
    else view[name] = MASKED;
  }
  return view;
}

/** One failed job as the console lists it. */
export interface FailedJobView {
  queue: string;
  id: string;
  /** The job's name (what kind of work), e.g. `claim-submit-retry`. */
  name: string;
  attemptsMade: number;
  maxAttempts: number;
  /** The last attempt's error, contact points and quoted values masked. */
  failedReason: string;
  /** When it failed for good. */
  failedAt?: string;
  /** When it was planned. */
  createdAt: string;
  data: Record<string, unknown>;
}

/** The fields of a BullMQ job the view reads. */
export interface FailedJobLike {
  id?: string;
  name: string;
  data: unknown;
  attemptsMade: number;
  opts: { attempts?: number };
  failedReason?: string;
  finishedOn?: number;
  timestamp: number;
}

export function failedJobView(queue: string, job: FailedJobLike): FailedJobView {
  return {
    queue,
    id: String(job.id),
    name: job.name,
    attemptsMade: job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    failedReason: redactErrorText(job.failedReason ?? ''),
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : undefined,
    createdAt: new Date(job.timestamp).toISOString(),
    data: jobDataView(job.data),
  };
}
