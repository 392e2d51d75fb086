import { randomUUID } from 'node:crypto';
import { Admin, Consumer, IHeaders, Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { createProducer, retryKafka } from './kafka';
import { partitionLag } from './metrics';

/*
 * What the operations console needs of Kafka (issue 13), behind this library like the rest of
 * kafkajs: consumer groups with their lag per partition, raw messages of whole topic families
 * (the dead letters from the beginning, the domain topics live), and re-publishing a message.
 */

/** One message as read, headers decoded as UTF-8. */
export interface RawMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  /** Kafka's timestamp (ms since the epoch, as a string). */
  timestamp: string;
}

export interface PartitionLagView {
  partition: number;
  /** The group's committed offset; null when it committed nothing on this partition yet. */
  committed: string | null;
  end: string;
  lag: number;
}

export interface ConsumerGroupView {
  groupId: string;
  state: string;
  members: number;
  lag: number;
  topics: Array<{ topic: string; lag: number; partitions: PartitionLagView[] }>;
}

export interface FollowTopicsOptions {
  /** Names the follower in logs and in its (never committed) consumer group. */
  name: string;
  /** Which topics to read; checked again every `rediscoverMs`, so topics created later are read too. */
  match: (topic: string) => boolean;
  /** From the beginning (every message kept, e.g. dead letters) or only what arrives from now on. */
  fromBeginning: boolean;
  onMessage: (message: RawMessage) => void;
  rediscoverMs?: number;
}

/** A group whose id ends in a UUID and has no members is what a test probe or a stopped follower left behind. */
const LEFTOVER = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads a group's and the cluster's state for the operations console, and re-publishes messages (replay). */
export class StreamOperations {
  private admin?: Admin;
  private adminReady?: Promise<void>;
  private producer?: Producer;
  private producerReady?: Promise<void>;
  private readonly followers: TopicsFollower[] = [];

  constructor(
    private readonly kafka: Kafka,
    private readonly service: string,
    private readonly logger: Logger,
  ) {}

  private async connectedAdmin(): Promise<Admin> {
    this.admin ??= this.kafka.admin();
    this.adminReady ??= this.admin.connect().catch((error: unknown) => {
      this.adminReady = undefined;
      throw error;
    });
    await this.adminReady;
    return this.admin;
  }

  /** Where each partition of a topic ends now. */
  async endOffsets(topic: string): Promise<Array<{ partition: number; offset: string }>> {
    return this.withAdmin(async (admin) => (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.high })));
  }

  /** Runs `step` with the admin client; a connection that broke (a broker restart, an idle close) is made again once. */
  private async withAdmin<T>(step: (admin: Admin) => Promise<T>): Promise<T> {
    try {
      return await step(await this.connectedAdmin());
    } catch (error) {
      this.logger.warn({ err: error }, 'Kafka admin request failed; connecting again');
      const broken = this.admin;
      this.admin = undefined;
      this.adminReady = undefined;
      await broken?.disconnect().catch(() => undefined);
      return step(await this.connectedAdmin());
    }
  }

  async listTopics(): Promise<string[]> {
    return this.withAdmin(async (admin) => (await admin.listTopics()).sort());
  }

  /**
   * Every consumer group that committed something, with its lag per topic and partition (end offset
   * minus committed offset). Groups without members whose ids end in a UUID (test probes, followers
   * of stopped instances) are left out.
   */
  consumerGroups(): Promise<ConsumerGroupView[]> {
    return this.withAdmin((admin) => this.readGroups(admin));
  }

  private async readGroups(admin: Admin): Promise<ConsumerGroupView[]> {
    const { groups } = await admin.listGroups();
    const ids = groups.filter((g) => g.protocolType === 'consumer' || g.protocolType === '').map((g) => g.groupId).sort();
    if (!ids.length) return [];
    const described = new Map((await admin.describeGroups(ids)).groups.map((g) => [g.groupId, g]));
    const ends = new Map<string, Promise<Array<{ partition: number; high: string; low: string }>>>();
    const endsOf = (topic: string) => {
      if (!ends.has(topic)) ends.set(topic, admin.fetchTopicOffsets(topic));
      return ends.get(topic)!;
    };
    const views = await Promise.all(ids.map(async (groupId): Promise<ConsumerGroupView | null> => {
      const description = described.get(groupId);
      const members = description?.members.length ?? 0;
      if (!members && LEFTOVER.test(groupId)) return null;
      const committed = (await admin.fetchOffsets({ groupId })).filter((t) => t.partitions.some((p) => Number(p.offset) >= 0));
      if (!committed.length) return null;
      const topics: ConsumerGroupView['topics'] = [];
      for (const { topic, partitions } of committed.sort((a, b) => a.topic.localeCompare(b.topic))) {
        const rows: PartitionLagView[] = (await endsOf(topic)).map((end) => {
          const offset = partitions.find((p) => p.partition === end.partition)?.offset;
          const known = offset !== undefined && Number(offset) >= 0 ? offset : null;
          return { partition: end.partition, committed: known, end: end.high, lag: partitionLag(end, known ?? undefined) };
        });
        rows.sort((a, b) => a.partition - b.partition);
        topics.push({ topic, lag: rows.reduce((sum, r) => sum + r.lag, 0), partitions: rows });
      }
      return { groupId, state: description?.state ?? 'Unknown', members, lag: topics.reduce((sum, t) => sum + t.lag, 0), topics };
    }));
    return views.filter((v): v is ConsumerGroupView => v !== null);
  }

  /** Publishes one message (acks from all in-sync replicas), e.g. a dead letter replayed to its source topic. */
  async publish(topic: string, key: string | null, value: string, headers: IHeaders): Promise<void> {
    this.producer ??= createProducer(this.kafka);
    this.producerReady ??= retryKafka(() => this.producer!.connect()).catch((error: unknown) => {
      this.producerReady = undefined;
      throw error;
    });
    await this.producerReady;
    await this.producer.send({ topic, acks: -1, messages: [{ key, value, headers }] });
  }

  /** Reads every topic `match` accepts (found again every few seconds) and hands each message over; never commits. */
  follow(options: FollowTopicsOptions): TopicsFollower {
    const follower = new TopicsFollower(this.kafka, this, this.logger.child({ component: `follower:${options.name}` }), `${this.service}.${options.name}`, options);
    this.followers.push(follower);
    return follower;
  }

  async stop(): Promise<void> {
    await Promise.all(this.followers.map((f) => f.stop()));
    if (this.adminReady) await this.admin?.disconnect().catch(() => undefined);
    if (this.producerReady) await this.producer?.disconnect().catch(() => undefined);
  }
}

/**
 * A consumer of a family of topics, restarted (a new group of its own, nothing committed) whenever
 * a new matching topic appears, e.g. the dead-letter topic of a consumer group that started later.
 */
export class TopicsFollower {
  private consumer?: Consumer;
  private topics: string[] = [];
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private discovering?: Promise<void>;
  /** When the last discovery ran; `refresh()` within a second of it does nothing. */
  private discoveredAt = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly operations: StreamOperations,
    private readonly logger: Logger,
    private readonly groupPrefix: string,
    private readonly options: FollowTopicsOptions,
  ) {}

  /** Starts reading; resolves once consuming (or after logging why not: the next discovery tries again). */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.rediscoverMs ?? 10_000);
    this.timer.unref();
  }

  /** Looks for new matching topics now (a caller about to answer from what was read). */
  refresh(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (Date.now() - this.discoveredAt < 1000 && !this.discovering) return Promise.resolve();
    this.discovering ??= this.discover()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'topic discovery failed; trying again later'))
      .finally(() => {
        this.discoveredAt = Date.now();
        this.discovering = undefined;
      });
    return this.discovering;
  }

  get following(): readonly string[] {
    return this.topics;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.discovering;
    await this.consumer?.disconnect();
  }

  private async discover(): Promise<void> {
    const topics = (await this.operations.listTopics()).filter(this.options.match);
    if (topics.length === this.topics.length && topics.every((t, i) => t === this.topics[i])) return;
    await this.consumer?.disconnect();
    this.consumer = undefined;
    this.topics = topics;
    if (!topics.length || this.stopped) return;
    // Read from where the topics end now (not from wherever the first fetch finds them), so nothing written after start() is missed.
    const ends = this.options.fromBeginning ? [] : (await Promise.all(topics.map(async (topic) => (await this.operations.endOffsets(topic)).map((e) => ({ topic, ...e }))))).flat();
    const consumer = this.kafka.consumer({ groupId: `${this.groupPrefix}.${randomUUID()}`, sessionTimeout: 30000, heartbeatInterval: 3000, allowAutoTopicCreation: false });
    await consumer.connect();
    await retryKafka(() => consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning }));
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
        }
        this.options.onMessage({ topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers, timestamp: message.timestamp });
      },
    });
    for (const end of ends) consumer.seek(end);
    this.consumer = consumer;
    this.logger.info({ topics: topics.length }, 'following');
  }
}
