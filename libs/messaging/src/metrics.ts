import type { Admin, Kafka } from 'kafkajs';
import { allEvents } from '@clinic-flow/contracts';
import { LATENCY_BUCKETS, LATENESS_BUCKETS, Metrics } from '@clinic-flow/platform';

/*
 * The metric families of the messaging library: outbox, consumers (with their lag) and jobs.
 * Each class takes the service's registry (PlatformModule's `Metrics`) or nothing, in which case
 * it records nothing: the library behaves the same with or without metrics.
 */

let knownTypes: Set<string> | undefined;

/**
 * The type label of a raw message: its envelope's `type` when that is a type the contracts know,
 * otherwise `unknown` (a malformed message must not mint a series per garbage value).
 */
export function eventTypeLabel(value: Buffer | string | null | undefined): string {
  knownTypes ??= new Set(allEvents().map((e) => e.type));
  try {
    const type = (JSON.parse(value?.toString() ?? '') as { type?: unknown })?.type;
    return typeof type === 'string' && knownTypes.has(type) ? type : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Lag of a consumer group on one partition: the end offset minus the committed one (minus the start when nothing is committed yet). */
export function partitionLag(end: { high: string; low: string }, committed: string | undefined): number {
  const high = Number(end.high);
  const from = committed !== undefined && Number(committed) >= 0 ? Number(committed) : Number(end.low);
  return Math.max(0, high - from);
}

/** Counters and histograms of one consumer group (KafkaEventServer). */
export class ConsumerMetrics {
  private readonly handled;
  private readonly retried;
  private readonly skipped;
  private readonly deadLettered;
  private readonly duration;
  private readonly lateness;
  private readonly lag;

  constructor(
    private readonly metrics: Metrics,
    private readonly group: string,
  ) {
    const labels = ['topic', 'type', 'group'] as const;
    this.handled = metrics.counter('events_handled_total', 'Events a consumer group handled (recorded in its inbox).', labels);
    this.retried = metrics.counter('events_retried_total', 'Handler attempts that failed and were retried (bounded retries and waits on a dependency).', [...labels, 'kind']);
    this.skipped = metrics.counter('events_skipped_total', 'Events skipped: of a type this build does not know, or already handled (duplicate).', [...labels, 'reason']);
    this.deadLettered = metrics.counter('events_dead_lettered_total', 'Messages sent to the dead-letter topic, by reason.', [...labels, 'reason']);
    this.duration = metrics.histogram('event_handler_duration_seconds', 'Time to handle one event, retries included.', labels, LATENCY_BUCKETS);
    this.lateness = metrics.histogram('event_consume_lateness_seconds', 'Time from an event being written to Kafka to its handling starting.', labels, LATENESS_BUCKETS);
    this.lag = metrics.gauge('kafka_consumer_lag', 'Messages of a partition the consumer group has not committed yet (end offset minus committed offset).', ['group', 'topic', 'partition']);
  }

  recordHandled(topic: string, type: string, seconds: number): void {
    this.handled.inc({ topic, type, group: this.group });
    this.duration.observe({ topic, type, group: this.group }, seconds);
  }

  recordRetry(topic: string, type: string, kind: 'bounded' | 'transient'): void {
    this.retried.inc({ topic, type, group: this.group, kind });
  }

  recordSkipped(topic: string, type: string, reason: 'unknown-type' | 'duplicate'): void {
    this.skipped.inc({ topic, type, group: this.group, reason });
  }

  recordDeadLetter(topic: string, type: string, reason: string): void {
    this.deadLettered.inc({ topic, type, group: this.group, reason });
  }

  /** `timestamp`: the Kafka message's (ms since the epoch, as kafkajs gives it). */
  recordLateness(topic: string, type: string, timestamp: string): void {
    const written = Number(timestamp);
    if (Number.isFinite(written) && written > 0) this.lateness.observe({ topic, type, group: this.group }, Math.max(0, Date.now() - written) / 1000);
  }

  /**
   * Keeps `kafka_consumer_lag{group,topic,partition}` current: on each scrape (at most once per
   * `minIntervalMs`) one admin client asks the group's committed offsets and the topics' end
   * offsets, two requests per topic whatever the traffic.
   */
  watchLag(kafka: Kafka, topics: string[], minIntervalMs = 5000): { stop(): Promise<void> } {
    let admin: Admin | undefined;
    let connected: Promise<void> | undefined;
    let last = 0;
    const name = `consumer-lag:${this.group}`;
    this.metrics.onScrape(name, async () => {
      if (Date.now() - last < minIntervalMs) return;
      admin ??= kafka.admin();
      connected ??= admin.connect().catch((error: unknown) => {
        connected = undefined;
        throw error;
      });
      await connected;
      const committed = await admin.fetchOffsets({ groupId: this.group, topics });
      for (const topic of topics) {
        const ends = await admin.fetchTopicOffsets(topic);
        const ofTopic = committed.find((c) => c.topic === topic)?.partitions ?? [];
        for (const end of ends) {
          const offset = ofTopic.find((p) => p.partition === end.partition)?.offset;
          this.lag.set({ group: this.group, topic, partition: String(end.partition) }, partitionLag(end, offset));
        }
      }
      last = Date.now();
    });
    return {
      stop: async () => {
        this.metrics.removeCollector(name);
        if (connected) await admin?.disconnect().catch(() => undefined);
      },
    };
  }
}

/** Outbox relay: what it published, how long after the write, and what its scans found still pending. */
export class OutboxMetrics {
  private readonly published;
  private readonly delay;
  /** Per collection: document id -> [events pending, oldest createdAt in ms], of documents seen pending and not yet published. */
  private readonly pending = new Map<string, Map<string, [number, number]>>();

  constructor(metrics: Metrics) {
    this.published = metrics.counter('outbox_events_published_total', 'Events the outbox relay published, by collection and topic.', ['collection', 'topic']);
    this.delay = metrics.histogram('outbox_publish_delay_seconds', 'Time from an event being written to its document to its publication.', ['collection'], LATENESS_BUCKETS);
    const backlog = metrics.gauge('outbox_pending_events', 'Events seen pending in outboxes (by the relay\'s scans and writes) and not yet published.', ['collection']);
    const age = metrics.gauge('outbox_oldest_pending_age_seconds', 'Age of the oldest event seen pending and not yet published (0 when none).', ['collection']);
    metrics.onScrape('outbox', async () => {
      const now = Date.now();
      for (const [collection, docs] of this.pending) {
        let events = 0;
        let oldest = Infinity;
        for (const [count, createdAt] of docs.values()) {
          events += count;
          oldest = Math.min(oldest, createdAt);
        }
        backlog.set({ collection }, events);
        age.set({ collection }, Number.isFinite(oldest) ? Math.max(0, now - oldest) / 1000 : 0);
      }
    });
  }

  /** A collection the relay serves: its gauges read 0 until something is pending. */
  register(collection: string): void {
    if (!this.pending.has(collection)) this.pending.set(collection, new Map());
  }

  /** A scan of the collection found these documents pending: they replace what was known (another instance may have published some). */
  scanned(collection: string, docs: Array<{ _id: string; outbox: Array<{ createdAt: Date | string }> }>): void {
    this.pending.set(collection, new Map());
    for (const doc of docs) this.seen(collection, doc);
  }

  /** A document read with pending events (by a scan or a write's enqueue). */
  seen(collection: string, doc: { _id: string; outbox: Array<{ createdAt: Date | string }> }): void {
    if (!doc.outbox.length) return;
    const oldest = Math.min(...doc.outbox.map((e) => new Date(e.createdAt).getTime()).filter(Number.isFinite));
    const docs = this.pending.get(collection) ?? new Map<string, [number, number]>();
    this.pending.set(collection, docs);
    docs.set(String(doc._id), [doc.outbox.length, Number.isFinite(oldest) ? oldest : Date.now()]);
  }

  /** The document's events went out and its outbox was cleared. */
  publishedDoc(collection: string, doc: { _id: string; outbox: Array<{ topic: string; createdAt: Date | string }> }): void {
    this.pending.get(collection)?.delete(String(doc._id));
    const now = Date.now();
    for (const entry of doc.outbox) {
      this.published.inc({ collection, topic: entry.topic });
      const created = new Date(entry.createdAt).getTime();
      if (Number.isFinite(created)) this.delay.observe({ collection }, Math.max(0, now - created) / 1000);
    }
  }
}

/** BullMQ queues: depth by state (read on scrape), lateness of delayed jobs, and run time. */
export class JobMetrics {
  private readonly lateness;
  private readonly duration;
  private readonly depth;
  private readonly replanned;

  constructor(private readonly metrics: Metrics) {
    this.replanned = metrics.counter('jobs_replanned_total', 'Jobs Redis did not hold that were added back from the planned work in the database (after a flush or a restart without persistence).', ['queue']);
    this.lateness = metrics.histogram('job_lateness_seconds', 'How late a job started: processedOn minus (timestamp + delay), first attempts only.', ['queue'], LATENESS_BUCKETS);
    this.duration = metrics.histogram('job_duration_seconds', 'Time one job attempt ran, by outcome.', ['queue', 'outcome'], LATENCY_BUCKETS);
    this.depth = metrics.gauge('job_queue_depth', 'Jobs in a queue by state (read from Redis when scraped).', ['queue', 'state']);
  }

  /** Queue depth by state on each scrape; `counts` is the queue's getJobCounts. */
  watchDepth(queue: string, counts: (...states: string[]) => Promise<Record<string, number>>): void {
    this.metrics.onScrape(`queue-depth:${queue}`, async () => {
      const found = await counts(...JOB_STATES);
      for (const state of JOB_STATES) this.depth.set({ queue, state }, found[state] ?? 0);
    });
  }

  /** Lateness of a job's first attempt; a retry's start is governed by its backoff, not by the plan. */
  recordStart(queue: string, job: { timestamp: number; delay?: number; opts?: { delay?: number }; processedOn?: number; attemptsMade: number }): void {
    if (job.attemptsMade > 0) return;
    const lateMs = jobLatenessMs(job, Date.now());
    if (lateMs !== undefined) this.lateness.observe({ queue }, lateMs / 1000);
  }

  recordReplanned(queue: string, count: number): void {
    this.replanned.inc({ queue }, count);
  }

  recordRun(queue: string, outcome: 'completed' | 'failed', seconds: number): void {
    this.duration.observe({ queue, outcome }, seconds);
  }
}

/** Job states whose counts are exported. */
export const JOB_STATES = ['waiting', 'delayed', 'active', 'failed', 'completed', 'prioritized'] as const;

/** processedOn − (timestamp + delay), in ms, never negative; undefined without a timestamp. */
export function jobLatenessMs(job: { timestamp: number; delay?: number; opts?: { delay?: number }; processedOn?: number }, now: number): number | undefined {
  if (!Number.isFinite(job.timestamp)) return undefined;
  const due = job.timestamp + (job.opts?.delay ?? job.delay ?? 0);
  return Math.max(0, (job.processedOn ?? now) - due);
}
