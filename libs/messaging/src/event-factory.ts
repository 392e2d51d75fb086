import { randomUUID } from 'node:crypto';
import { EventDefinition, EventEnvelope, eventKey, ServiceName } from '@clinic-flow/contracts';
import { traceHeaders, workContext } from '@clinic-flow/platform';

export interface NewEvent<T extends object> {
  subject: string;
  siteId: string | null;
  data: T;
}

/** A pending event as stored in an aggregate's outbox, ready to publish as-is. */
export interface OutboxEntry {
  id: string;
  key: string;
  topic: string;
  type: string;
  payload: string;
  createdAt: Date;
  /** W3C trace context of the work that wrote the event, so the relay's publish continues that trace. */
  traceparent?: string;
  tracestate?: string;
}

/**
 * Builds envelopes for one producing service: correlation id from the current work, causation id
 * = the event being handled (if any), so a chain of events can be followed end to end.
 */
export class EventFactory {
  constructor(private readonly source: ServiceName) {}

  envelope<T extends object>(def: EventDefinition<T>, event: NewEvent<T>): EventEnvelope<T> {
    const ctx = workContext.get();
    if (def.producer !== this.source) {
      throw new Error(`${this.source} may not produce ${eventKey(def)}; it belongs to ${def.producer}`);
    }
    return {
      id: randomUUID(),
      type: def.type,
      version: def.version,
      source: this.source,
      time: new Date().toISOString(),
      subject: event.subject,
      siteId: event.siteId,
      correlationId: ctx?.correlationId ?? randomUUID(),
      causationId: ctx?.causationId ?? null,
      data: event.data,
    };
  }

  /** The outbox entry for an event: written in the same document update as the state change. */
  outboxEntry<T extends object>(def: EventDefinition<T>, event: NewEvent<T>): OutboxEntry {
    const envelope = this.envelope(def, event);
    return {
      id: envelope.id,
      key: envelope.subject,
      topic: def.topic,
      type: envelope.type,
      payload: JSON.stringify(envelope),
      createdAt: new Date(envelope.time),
      ...traceHeaders(),
    };
  }
}
