import { randomUUID } from 'node:crypto';
import { Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { workContext } from '@clinic-flow/platform';
import { ensureTopics, retryKafka } from './kafka';
import { backoffDelay } from './retry';

/** What a follower hands over of each message: its key (the aggregate id) and its event type, when readable. */
export interface FollowedMessage {
  key: string | null;
  type?: string;
}

export interface FollowOptions {
  /** Names the follower in logs and in its consumer group (`<service>.<name>.<instance id>`). */
  name: string;
  topics: string[];
  /** Must be idempotent and order-insensitive (e.g. re-read the aggregate by id): nothing is committed and nothing is redelivered. */
  onMessage(message: FollowedMessage): Promise<void>;
  /** Attempts per message before it is logged and left (default 5). */
  attempts?: number;
}

export interface FollowerStatus {
  running: boolean;
  received: number;
  failed: number;
  groupId: string;
}

/*
 * Every instance of a service sees every message of some topics: for state each instance keeps in
 * memory (a search index), never for work that must happen once (that is KafkaEventServer's, one
 * consumer group per service). Each follower is a consumer group of its own, made up at start and
 * never committed, and reads from the end the topics had when start() was called: the caller
 * takes that snapshot of the end first and then loads its state from the database, so a change
 * is either already in what it loads or arrives as a message (no gap). Messages are handed over
 * by key only; the handler re-reads what it needs, so duplicates and order do not matter.
 */
export class TopicFollower {
  private consumer?: Consumer;
  readonly status: FollowerStatus;

  constructor(
    private readonly kafka: Kafka,
    private readonly logger: Logger,
    service: string,
    private readonly options: FollowOptions,
  ) {
    this.status = { running: false, received: 0, failed: 0, groupId: `${service}.${options.name}.${randomUUID()}` };
  }

  /** Notes where the topics end now and starts reading from there; resolves once consuming. */
  async start(): Promise<void> {
    const { topics } = this.options;
    const admin = this.kafka.admin();
    await admin.connect();
    let ends: Array<{ topic: string; partition: number; offset: string }>;
    try {
      await ensureTopics(admin, topics);
      ends = (await Promise.all(topics.map(async (topic) => (await admin.fetchTopicOffsets(topic)).map((p) => ({ topic, partition: p.partition, offset: p.high }))))).flat();
    } finally {
      await admin.disconnect();
    }
    const consumer = this.kafka.consumer({ groupId: this.status.groupId, sessionTimeout: 30000, heartbeatInterval: 3000, allowAutoTopicCreation: false });
    this.consumer = consumer;
    await consumer.connect();
    await retryKafka(() => consumer.subscribe({ topics, fromBeginning: false }));
    await consumer.run({ autoCommit: false, partitionsConsumedConcurrently: 3, eachMessage: ({ message }) => this.handle(message.key, message.value) });
    for (const end of ends) consumer.seek(end);
    this.status.running = true;
    this.logger.info({ groupId: this.status.groupId, topics }, 'following');
  }

  async stop(): Promise<void> {
    this.status.running = false;
    await this.consumer?.disconnect();
  }

  private async handle(key: Buffer | null, value: Buffer | null): Promise<void> {
    this.status.received++;
    let type: string | undefined;
    let correlationId: string = randomUUID();
    try {
      const envelope = JSON.parse(value?.toString() ?? '{}') as { type?: string; correlationId?: string };
      type = envelope.type;
      correlationId = envelope.correlationId ?? correlationId;
    } catch {
      // Not JSON: still handed over by key; the handler re-reads the aggregate.
    }
    const attempts = this.options.attempts ?? 5;
    await workContext.run({ correlationId }, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          await this.options.onMessage({ key: key?.toString() ?? null, type });
          return;
        } catch (error) {
          if (attempt >= attempts || !this.status.running) {
            this.status.failed++;
            this.logger.error({ err: error, key: key?.toString(), type, follower: this.options.name }, 'follower gave up on a message');
            return;
          }
          await new Promise((r) => setTimeout(r, backoffDelay(attempt, 200, 5000)));
        }
      }
    });
  }
}
