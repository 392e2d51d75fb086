import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes, Consumer, IHeaders, Kafka, Partitioners, Producer } from 'kafkajs';
import { testInfraEnv } from './infra';

export interface SeenMessage {
  topic: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  /** The record's Kafka timestamp (ms since the epoch, as a string). */
  timestamp?: string;
}

/** Reads and writes raw Kafka messages, as a test needs to (poison messages, duplicates). */
export class KafkaProbe {
  private readonly kafka = new Kafka({ clientId: `probe-${randomUUID()}`, brokers: testInfraEnv().KAFKA_BROKERS.split(','), logLevel: 0 });
  private producer?: Producer;
  private producerReady?: Promise<Producer>;
  private consumers: Consumer[] = [];
  readonly seen: SeenMessage[] = [];
  /** topic/partition/offset of every recorded message: a consumer group that rebalances reads uncommitted messages again. */
  private readonly offsets = new Set<string>();

  async publish(topic: string, key: string, value: string | Buffer, headers: IHeaders = {}): Promise<void> {
    await (await this.connectedProducer()).send({ topic, messages: [{ key, value, headers }] });
  }

  /** Publishes many messages in one request (a load). */
  async publishMany(topic: string, messages: Array<{ key: string; value: string; headers?: IHeaders }>): Promise<void> {
    await (await this.connectedProducer()).send({ topic, messages });
  }

  /** One producer, connected once: tests of a file running side by side (it.concurrent) share it. */
  private connectedProducer(): Promise<Producer> {
    this.producerReady ??= (async () => {
      this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await this.producer.connect();
      return this.producer;
    })();
    return this.producerReady;
  }

  /**
   * Publishes an envelope of a known event type whose data breaks its contract. Its consumer
   * dead-letters it at once, so that dead letter marks that every message before it on the same
   * key (one partition, in order) has been handled. Returns the envelope's id.
   */
  async publishMalformed(topic: string, key: string, type: string, version: number): Promise<string> {
    const id = randomUUID();
    const envelope = { id, type, version, source: 'e2e', time: new Date().toISOString(), subject: key, siteId: 'site-downtown', correlationId: id, causationId: null, data: {} };
    await this.publish(topic, key, JSON.stringify(envelope), { 'event-type': type });
    return id;
  }

  /** Starts recording every message of the topics, from the beginning. */
  async record(topics: string[]): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: `probe-${randomUUID()}` });
    this.consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const position = `${topic}/${partition}/${message.offset}`;
        if (this.offsets.has(position)) return;
        this.offsets.add(position);
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        this.seen.push({ topic, key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers, timestamp: message.timestamp });
      },
    });
  }

  /**
   * The recorded messages that are event envelopes, parsed, each event once. Other values (poison
   * messages that tests publish on purpose to the same topics) are left out. Delivery is at least
   * once: a relay that dies after sending and before marking its outbox entry sends the same
   * envelope (same id) again, and consumers skip it by id; so does this view.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- envelopes of any event type; tests assert on their fields
  envelopes(filter: (m: SeenMessage) => boolean = () => true): any[] {
    const ids = new Set<string>();
    return this.seen.filter(filter).flatMap((m) => {
      try {
        const parsed = JSON.parse(m.value ?? '');
        if (!parsed || typeof parsed !== 'object' || typeof parsed.type !== 'string') return [];
        if (typeof parsed.id === 'string') {
          if (ids.has(parsed.id)) return [];
          ids.add(parsed.id);
        }
        return [parsed];
      } catch {
        return [];
      }
    });
  }

  /** A topic's configs as the broker reports them (the names asked for), and its partition count. */
  async topicConfig(topic: string, names: string[]): Promise<{ configs: Record<string, string>; partitions: number }> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: names }] });
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      return { configs: Object.fromEntries(described.resources[0].configEntries.map((e) => [e.configName, e.configValue])), partitions: topics[0].partitions.length };
    } finally {
      await admin.disconnect();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.disconnect()));
    await this.producer?.disconnect();
  }
}
