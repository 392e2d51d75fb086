import { DeadLetterHeaders } from '@clinic-flow/contracts';
import { redactContact, redactErrorText } from '@clinic-flow/platform';

/*
 * Pure rules of the operations console (issue 13): what of an event an operator may see, how a
 * dead letter reads, and how a correction is applied before a replay.
 */

/** What a masked value shows instead of itself. */
export const MASKED = '•••';

/** Envelope fields that say what, when and where, never who. */
const ENVELOPE_VISIBLE = new Set(['id', 'type', 'version', 'source', 'time', 'subject', 'siteId', 'correlationId', 'causationId']);

/**
 * Data fields shown as they are: ids (opaque, pseudonymous), instants of the event's own steps
 * (`receivedAt`, `confirmedAt`: not a date of birth), and the enumerations that say what happened.
 * Everything else (names, contact points, dates of birth, addresses, free text, codes) is masked.
 */
const DATA_VISIBLE = /^(id|.+Id|.+Ids|.+At|type|version|revision|status|action|via|channel|kind|party|outcome|changedFields|start|end)$/;

function maskValue(value: unknown, visible: boolean): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => maskValue(v, visible));
  if (typeof value === 'object') return maskObject(value as Record<string, unknown>);
  if (!visible) return MASKED;
  // An id or a status is never a contact point; if one looks like it, it is shown as what it is.
  return typeof value === 'string' ? redactContact(value) : value;
}

function maskObject(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, maskValue(value, DATA_VISIBLE.test(key))]));
}

/**
 * An event as the operations console shows it: the envelope's own fields, and of its data only
 * what identifies and describes the change; patient fields are masked. A value that is not a JSON
 * object (a poison message) is shown by its size only.
 */
export function maskEvent(raw: string | null): { event?: Record<string, unknown>; unreadable?: { bytes: number } } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '');
  } catch {
    return { unreadable: { bytes: Buffer.byteLength(raw ?? '') } };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { unreadable: { bytes: Buffer.byteLength(raw ?? '') } };
  const event: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (key === 'data') event.data = value && typeof value === 'object' && !Array.isArray(value) ? maskObject(value as Record<string, unknown>) : maskValue(value, false);
    else event[key] = ENVELOPE_VISIBLE.has(key) ? maskValue(value, true) : maskValue(value, false);
  }
  return { event };
}

/** The envelope's type, version and id when the value has them (also for a contract violation). */
export function eventIdentity(raw: string | null): { type?: string; version?: number; eventId?: string } {
  try {
    const parsed = JSON.parse(raw ?? '') as { type?: unknown; version?: unknown; id?: unknown };
    return {
      type: typeof parsed?.type === 'string' ? parsed.type : undefined,
      version: typeof parsed?.version === 'number' ? parsed.version : undefined,
      eventId: typeof parsed?.id === 'string' ? parsed.id : undefined,
    };
  } catch {
    return {};
  }
}

/** The position of a dead letter: its topic, partition and offset; its id in the API is `<partition>-<offset>` under its topic. */
export interface DeadLetterPosition {
  topic: string;
  partition: number;
  offset: string;
}

export const positionKey = (p: DeadLetterPosition) => `${p.topic}/${p.partition}/${p.offset}`;

/** What the dead-letter headers say: where the message came from, which group failed it, and why. */
export interface DeadLetterOrigin {
  consumerGroup: string | null;
  sourceTopic: string | null;
  sourcePartition: number | null;
  sourceOffset: string | null;
  reason: string | null;
  /** The handler's or the contract's error, redacted like a log line. */
  error: string | null;
  attempts: number | null;
  failedAt: string | null;
}

export function deadLetterOrigin(headers: Record<string, string>): DeadLetterOrigin {
  const text = (name: string) => headers[name] ?? null;
  const number = (name: string) => (headers[name] !== undefined && Number.isFinite(Number(headers[name])) ? Number(headers[name]) : null);
  const error = text(DeadLetterHeaders.error);
  return {
    consumerGroup: text(DeadLetterHeaders.consumerGroup),
    sourceTopic: text(DeadLetterHeaders.sourceTopic),
    sourcePartition: number(DeadLetterHeaders.sourcePartition),
    sourceOffset: text(DeadLetterHeaders.sourceOffset),
    reason: text(DeadLetterHeaders.reason),
    error: error === null ? null : redactErrorText(error),
    attempts: number(DeadLetterHeaders.attempts),
    failedAt: text(DeadLetterHeaders.failedAt),
  };
}

/** Headers of a replayed message: the original's, without what the dead-letter step added, plus where the replay came from. */
export function replayHeaders(headers: Record<string, string>, from: DeadLetterPosition, by: string): Record<string, string> {
  const dlq = new Set<string>(Object.values(DeadLetterHeaders));
  const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => !dlq.has(name) && !name.startsWith('ops-')));
  return { ...kept, 'ops-replay-of': positionKey(from), 'ops-replayed-by': by };
}

/** Fields a correction may not change: they are the event's identity, which keeps a replay idempotent. */
const FIXED = new Set(['id', 'type', 'version']);
const PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

export class CorrectionRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorrectionRefused';
  }
}

/**
 * Applies an operator's correction to the original (unmasked) envelope: each `set` path
 * (`data.receivedAt`) gets its value (null removes the field). The event's id, type and version
 * stay: consumers that already handled this id skip it, so a replay is safe however often it runs.
 */
export function applyCorrection(raw: string | null, set: Record<string, unknown>): string {
  let envelope: Record<string, unknown>;
  try {
    envelope = JSON.parse(raw ?? '') as Record<string, unknown>;
  } catch {
    throw new CorrectionRefused('the dead letter is not JSON: it cannot be corrected field by field');
  }
  if (!envelope || typeof envelope !== 'object' || Array.isArray(envelope)) throw new CorrectionRefused('the dead letter is not a JSON object');
  for (const [path, value] of Object.entries(set)) {
    if (!PATH.test(path)) throw new CorrectionRefused(`not a field path: ${path} (e.g. data.receivedAt)`);
    const parts = path.split('.');
    if (parts.length === 1 && FIXED.has(parts[0])) throw new CorrectionRefused(`${path} is the event's identity and cannot be changed`);
    if (parts.some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype')) throw new CorrectionRefused(`not a field path: ${path}`);
    let target: Record<string, unknown> = envelope;
    for (const part of parts.slice(0, -1)) {
      const next = target[part];
      if (next === undefined || next === null) target[part] = {};
      else if (typeof next !== 'object' || Array.isArray(next)) throw new CorrectionRefused(`${path}: ${part} is not an object`);
      target = target[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1];
    if (value === null) delete target[last];
    else target[last] = value;
  }
  return JSON.stringify(envelope);
}

/** Dead letters are kept per topic in memory up to this many (the oldest leave first); a topic retains more. */
export const DEAD_LETTERS_KEPT_PER_TOPIC = 5000;

/** Whether a topic is a dead-letter topic (clinic.deadletter.<group>.v1). */
export const isDeadLetterTopic = (topic: string) => /^clinic\.deadletter\..+\.v\d+$/.test(topic);

/** Whether a topic carries events the live stream shows: every clinic topic but the dead letters. */
export const isEventTopic = (topic: string) => topic.startsWith('clinic.') && !isDeadLetterTopic(topic);

/** How late a queue's jobs started, from its `job_lateness_seconds` histogram (first attempts of delayed jobs: a reminder's lateness). */
export interface LatenessSummary {
  jobs: number;
  meanSeconds: number;
  /** The upper bound of the bucket holding the 50th / 99th percentile (Prometheus's histogram gives no more); null past the last bucket. */
  p50Seconds: number | null;
  p99Seconds: number | null;
}

/** The lateness of one queue's jobs since the service started; undefined when none ran yet. */
export function latenessSummary(samples: Array<{ name: string; labels: Record<string, string>; value: number }>, queue: string): LatenessSummary | undefined {
  const ofQueue = samples.filter((s) => s.labels.queue === queue);
  const count = ofQueue.find((s) => s.name === 'job_lateness_seconds_count')?.value ?? 0;
  if (!count) return undefined;
  const sum = ofQueue.find((s) => s.name === 'job_lateness_seconds_sum')?.value ?? 0;
  const buckets = ofQueue
    .filter((s) => s.name === 'job_lateness_seconds_bucket' && s.labels.le !== '+Inf')
    .map((s) => ({ le: Number(s.labels.le), cumulative: s.value }))
    .sort((a, b) => a.le - b.le);
  const quantile = (q: number) => buckets.find((b) => b.cumulative >= q * count)?.le ?? null;
  return { jobs: count, meanSeconds: Math.round((sum / count) * 1000) / 1000, p50Seconds: quantile(0.5), p99Seconds: quantile(0.99) };
}
