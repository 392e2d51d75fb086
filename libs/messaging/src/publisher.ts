import { Producer } from 'kafkajs';
import { CORRELATION_HEADER } from '@clinic-flow/platform';
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

  async publish(entries: OutboxEntry[]): Promise<void> {
    if (!entries.length) return;
    const byTopic = new Map<string, OutboxEntry[]>();
    for (const entry of entries) byTopic.set(entry.topic, [...(byTopic.get(entry.topic) ?? []), entry]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((e) => {
          const envelope = JSON.parse(e.payload) as { correlationId: string; version: number };
          return {
            key: e.key,
            value: e.payload,
            headers: {
              'event-id': e.id,
              'event-type': e.type,
              'event-version': String(envelope.version),
              [CORRELATION_HEADER]: envelope.correlationId,
            },
          };
        }),
      })),
    });
  }
}
