import { Schema } from 'mongoose';
import type { OutboxEntry } from './event-factory';

/*
 * Transactional outbox without multi-document transactions: pending events live inside the very
 * document whose change they describe, so state and event are committed by one atomic write.
 * The relay publishes them and then clears them with a compare-and-set on `version`.
 */

const OutboxEntrySchema = new Schema<OutboxEntry>(
  {
    id: { type: String, required: true },
    key: { type: String, required: true },
    topic: { type: String, required: true },
    type: { type: String, required: true },
    payload: { type: String, required: true },
    createdAt: { type: Date, required: true },
    traceparent: { type: String, required: false },
    tracestate: { type: String, required: false },
  },
  { _id: false },
);

/** Fields every outbox-carrying aggregate schema adds (spread into the schema definition). */
export const outboxFields = {
  version: { type: Number, required: true, default: 1 },
  outbox: { type: [OutboxEntrySchema], default: [] },
  outboxPending: { type: Boolean, required: true, default: false },
};

/** Indexes the relay needs; call on each aggregate schema that carries an outbox. */
export function withOutboxIndexes(schema: Schema): Schema {
  schema.index({ outboxPending: 1 });
  return schema;
}

export interface OutboxDocumentFields {
  version: number;
  outbox: OutboxEntry[];
  outboxPending: boolean;
}

/** New aggregate document fields carrying its first events. */
export function initialOutbox(entries: OutboxEntry[]): OutboxDocumentFields {
  return { version: 1, outbox: entries, outboxPending: entries.length > 0 };
}

/**
 * Extends a MongoDB update so the state change, its events and the version bump are one write.
 * Combine with a filter on the current state (or version) to make the change conditional.
 */
export function updateWithOutbox(
  update: { $set?: Record<string, unknown>; [op: string]: unknown },
  entries: OutboxEntry[],
): Record<string, unknown> {
  return {
    ...update,
    $set: { ...(update.$set ?? {}), outboxPending: true },
    $push: { ...((update.$push as object) ?? {}), outbox: { $each: entries } },
    $inc: { ...((update.$inc as object) ?? {}), version: 1 },
  };
}
