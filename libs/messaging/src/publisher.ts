import { Producer } from 'kafkajs';
import { contextFrom, CORRELATION_HEADER, markFailed, SpanKind, traceHeaders, tracer } from '@clinic-flow/platform';
import { context, trace, type Span } from '@opentelemetry/api';
import type { OutboxEntry } from './event-factory';

/** Publishes outbox entries; the key (aggregate id) decides the partition, so order is kept. */
export class EventPublisher {
  private connected = false;

  constructor(private readonly producer: Producer) {
    producer.on('producer.connect', () => (this.connected = true));
    producer.on('producer.disconnect', () => (this.connected = false));
  }

  /** Called every time the producer (re)connects. */
  onConnect(listener: () => void): void {
    this.producer.on('producer.connect', listener);
  }

  get isConnected(): boolean {
    return this.connected;
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  /**
   * Publishes entries in one batch. Each message gets a PRODUCER span continuing the trace of the
   * work that wrote its event (stored with the entry), and that span's `traceparent` in its headers.
   */
  async publish(entries: OutboxEntry[]): Promise<void> {
    if (!entries.length) return;
    const spans: Span[] = [];
    const topicMessages = [...byTopic(entries)].map(([topic, list]) => ({
      topic,
      messages: list.map((e) => {
        const envelope = JSON.parse(e.payload) as { correlationId: string; version: number };
        const span = this.producerSpan(e);
        if (span) spans.push(span);
        return {
          key: e.key,
          value: e.payload,
          headers: {
            'event-id': e.id,
            'event-type': e.type,
            'event-version': String(envelope.version),
            [CORRELATION_HEADER]: envelope.correlationId,
            ...(span ? traceHeaders(trace.setSpan(context.active(), span)) : {}),
          },
        };
      }),
    }));
    try {
      await this.producer.sendBatch({ acks: -1, topicMessages });
    } catch (error) {
      for (const span of spans) markFailed(span, error);
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  }

  /** The publish span of an entry written while a trace was recorded (none otherwise). */
  private producerSpan(entry: OutboxEntry): Span | undefined {
    if (!entry.traceparent) return undefined;
    return tracer().startSpan(
      `${entry.topic} publish`,
      { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka', 'messaging.operation.type': 'publish', 'messaging.destination.name': entry.topic, 'clinic_flow.event.type': entry.type } },
      contextFrom(entry as unknown as Record<string, unknown>),
    );
  }

  /**
   * Publishes records that are not domain events (the de-identified analytics streams): no headers
   * (a correlation id is an identifier of the source system), and the timestamp the caller gives,
   * so a record's Kafka time says no more than its content.
   */
  async publishRecords(records: Array<{ topic: string; key: string; value: string; timestamp: number }>): Promise<void> {
    if (!records.length) return;
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic(records)].map(([topic, list]) => ({
        topic,
        messages: list.map((r) => ({ key: r.key, value: r.value, timestamp: String(r.timestamp) })),
      })),
    });
  }
}

/** Messages grouped by topic, in their order, for one sendBatch. */
function byTopic<T extends { topic: string }>(items: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.topic, [...(groups.get(item.topic) ?? []), item]);
  return groups;
}
