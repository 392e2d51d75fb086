import type { Model } from 'mongoose';
import type { Logger } from 'pino';
import { DocumentLocks } from './document-locks';
import type { OutboxMetrics } from './metrics';
import type { OutboxEntry } from './event-factory';
import type { OutboxDocumentFields } from './outbox';
import { EventPublisher } from './publisher';

type OutboxModel = Model<OutboxDocumentFields & { _id: string }>;
type PendingDoc = { _id: string; version: number; outbox: OutboxEntry[] };

/** A failed pass (broker unreachable, a request timed out) is tried again soon, not at the next sweep. */
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5_000;

/** Documents of the queue published at once: each waits on Kafka's acks, not on the others. */
const PUBLISH_CONCURRENCY = 8;

/** Opens an outbox entry a store sealed (its payload holds patient data until published). */
export type OutboxOpener = (documentId: string, entry: OutboxEntry) => Promise<OutboxEntry>;

export interface RelayOptions {
  /** How often to look for pending events nobody asked to publish (left by a crash). */
  sweepIntervalMs: number;
  batchSize: number;
}

/** What a writer knows it just wrote: the document's version and its whole pending outbox. */
export interface WrittenOutbox {
  version: number;
  outbox: OutboxEntry[];
}

/**
 * Publishes the events waiting in aggregates' outboxes, then clears exactly what it published.
 * Writers hand over the id of the document they just changed, and what the write left in its
 * outbox when they know it, so the normal path reads nothing (and otherwise reads by _id only:
 * on FerretDB any other filter scans the whole collection). The clear is a compare-and-set on
 * the version handed over: a document written again since is read afresh and its outbox
 * published as it is then. Queued documents go out several at a time (PUBLISH_CONCURRENCY); a
 * document is never in two publications at once. A sweep over all pending
 * documents runs at start and every `sweepIntervalMs` to publish what a crash left behind, and
 * after a failed pass (again within RETRY_MAX_MS, backing off while the broker stays away).
 * Delivery is at least once: a crash after publishing and before clearing republishes, and
 * consumers are idempotent.
 */
export class OutboxRelay {
  private readonly models: OutboxModel[] = [];
  private readonly openers = new Map<OutboxModel, OutboxOpener>();
  private readonly queued = new Map<OutboxModel, Map<string, WrittenOutbox | undefined>>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private again = false;
  private sweepDue = true;
  private stopped = true;
  private lastError?: string;
  private retryTimer?: NodeJS.Timeout;
  /** Wait before the next pass after a failed one: doubles from RETRY_FIRST_MS up to RETRY_MAX_MS. */
  private retryMs = RETRY_FIRST_MS;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly logger: Logger,
    private readonly options: RelayOptions = { sweepIntervalMs: 30_000, batchSize: 100 },
    private readonly locks = new DocumentLocks(),
    private readonly metrics?: OutboxMetrics,
  ) {}

  /** Adds a collection whose documents carry an outbox (see outboxFields); `open` when its store seals the entries. */
  register<T extends OutboxDocumentFields>(model: Model<T>, open?: OutboxOpener): void {
    this.models.push(model as unknown as OutboxModel);
    this.metrics?.register(model.collection.collectionName);
    if (open) this.openers.set(model as unknown as OutboxModel, open);
  }

  start(): void {
    this.stopped = false;
    this.sweepDue = true;
    this.schedule();
    this.kick();
  }

  /**
   * Publish the pending events of this document now (call right after committing a write);
   * `written`: the version and outbox that write left, so the relay need not read them back.
   */
  enqueue<T extends OutboxDocumentFields>(model: Model<T>, id: string, written?: WrittenOutbox): void {
    const key = model as unknown as OutboxModel;
    if (!this.queued.has(key)) this.queued.set(key, new Map());
    const ids = this.queued.get(key)!;
    if (!ids.has(id)) ids.set(id, written);
    else {
      // Queued twice before the relay got to it: the later write's outbox holds the earlier one's events too.
      const known = ids.get(id);
      ids.set(id, known && written ? (written.version > known.version ? written : known) : undefined);
    }
    this.kick();
  }

  /** Sweeps for every pending event now (the broker is back), unless stopped. */
  sweepSoon(): void {
    if (this.stopped) return;
    this.sweepDue = true;
    this.kick();
  }

  /** Stops and waits for the pass in flight, so nothing is half-published at exit. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.running;
  }

  health(): { lastError?: string; queued: number } {
    return { lastError: this.lastError, queued: [...this.queued.values()].reduce((n, ids) => n + ids.size, 0) };
  }

  /** Publishes what is queued and, when due, sweeps for leftovers; returns how many events went out. */
  async drain(): Promise<number> {
    let published = 0;
    try {
      for (const [model, ids] of this.queued) {
        const batch = [...ids];
        ids.clear();
        for (let i = 0; i < batch.length; i += PUBLISH_CONCURRENCY) {
          // Settled, all of them, before a failure ends the pass: no publication outlives the pass that started it.
          const outcomes = await Promise.allSettled(
            batch.slice(i, i + PUBLISH_CONCURRENCY).map(async ([id, written]) => {
              const doc = written ? { _id: id, ...written } : await model.findById(id, { _id: 1, version: 1, outbox: 1 }).lean<PendingDoc>();
              if (!doc?.outbox.length) return 0;
              this.metrics?.seen(model.collection.collectionName, doc);
              return this.relayOne(model, doc);
            }),
          );
          for (const outcome of outcomes) if (outcome.status === 'fulfilled') published += outcome.value;
          const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
          if (failed) throw failed.reason;
        }
      }
      if (this.sweepDue) {
        this.sweepDue = false;
        published += await this.sweep();
      }
      this.lastError = undefined;
      this.retryMs = RETRY_FIRST_MS;
    } catch (error) {
      this.lastError = (error as Error).message;
      this.sweepDue = true;
      this.logger.warn({ err: error, retryInMs: this.retryMs }, 'outbox relay pass failed; will retry');
      this.retrySoon();
    }
    return published;
  }

  private async sweep(): Promise<number> {
    let published = 0;
    for (const model of this.models) {
      for (let first = true; ; first = false) {
        const docs = await model.find({ outboxPending: true }, { _id: 1, version: 1, outbox: 1 }).limit(this.options.batchSize).lean<PendingDoc[]>();
        // What the first batch finds is what is pending now (later batches add to it).
        if (first) this.metrics?.scanned(model.collection.collectionName, docs);
        else for (const doc of docs) this.metrics?.seen(model.collection.collectionName, doc);
        for (const doc of docs) published += await this.relayOne(model, doc);
        if (docs.length < this.options.batchSize) break;
      }
    }
    return published;
  }

  private async relayOne(model: OutboxModel, doc: PendingDoc): Promise<number> {
    let current = doc;
    for (let attempt = 0; attempt < 5; attempt++) {
      const open = this.openers.get(model);
      const doc = current;
      await this.publisher.publish(open ? await Promise.all(doc.outbox.map((entry) => open(doc._id, entry))) : doc.outbox);
      // Clear only if nobody wrote in between; otherwise re-read and publish what is there now.
      const cleared = await this.locks.forDocument(model, current._id, () =>
        model.updateOne({ _id: current._id, version: current.version }, { $set: { outbox: [], outboxPending: false } }),
      );
      if (cleared.modifiedCount === 1) {
        this.metrics?.publishedDoc(model.collection.collectionName, current);
        return current.outbox.length;
      }
      const fresh = await model.findById(current._id, { _id: 1, version: 1, outbox: 1 }).lean<PendingDoc>();
      if (!fresh || !fresh.outbox.length) {
        this.metrics?.publishedDoc(model.collection.collectionName, current);
        return current.outbox.length;
      }
      current = fresh;
    }
    return 0;
  }

  private kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** One pass again after the current backoff (what failed is still pending: the sweep finds it). */
  private retrySoon(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sweepDue = true;
      this.kick();
      this.schedule();
    }, this.options.sweepIntervalMs);
    this.timer.unref();
  }
}
