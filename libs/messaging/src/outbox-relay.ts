import type { Model } from 'mongoose';
import type { Logger } from 'pino';
import type { OutboxEntry } from './event-factory';
import type { OutboxDocumentFields } from './outbox';
import { EventPublisher } from './publisher';

type OutboxModel = Model<OutboxDocumentFields & { _id: string }>;

export interface RelayOptions {
  pollIntervalMs: number;
  batchSize: number;
}

/**
 * Publishes the events waiting in aggregates' outboxes, then clears exactly what it published.
 * Runs on a timer (which also recovers events left behind by a crash) and on `nudge()` right
 * after a write, so the normal path adds no polling delay. Delivery is at least once: a crash
 * after publishing and before clearing republishes, and consumers are idempotent.
 */
export class OutboxRelay {
  private readonly models: OutboxModel[] = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private again = false;
  private stopped = true;
  private lastError?: string;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly logger: Logger,
    private readonly options: RelayOptions = { pollIntervalMs: 1000, batchSize: 100 },
  ) {}

  /** Adds a collection whose documents carry an outbox (see outboxFields). */
  register<T extends OutboxDocumentFields>(model: Model<T>): void {
    this.models.push(model as unknown as OutboxModel);
  }

  start(): void {
    this.stopped = false;
    this.schedule();
    this.nudge();
  }

  /** Ask for a pass now (after a write). Coalesces with a pass already running. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.nudge();
      }
    });
  }

  /** Stops polling and waits for the pass in flight, so nothing is half-published at exit. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  health(): { lastError?: string } {
    return { lastError: this.lastError };
  }

  /** One full pass over every registered collection; returns how many events went out. */
  async drain(): Promise<number> {
    let published = 0;
    try {
      for (const model of this.models) {
        for (;;) {
          const docs = await model
            .find({ outboxPending: true }, { _id: 1, version: 1, outbox: 1 })
            .limit(this.options.batchSize)
            .lean<Array<{ _id: string; version: number; outbox: OutboxEntry[] }>>();
          if (!docs.length) break;
          for (const doc of docs) published += await this.relayOne(model, doc);
          if (docs.length < this.options.batchSize) break;
        }
      }
      this.lastError = undefined;
    } catch (error) {
      this.lastError = (error as Error).message;
      this.logger.warn({ err: error }, 'outbox relay pass failed; will retry');
    }
    return published;
  }

  private async relayOne(model: OutboxModel, doc: { _id: string; version: number; outbox: OutboxEntry[] }): Promise<number> {
    let current = doc;
    for (let attempt = 0; attempt < 5; attempt++) {
      await this.publisher.publish(current.outbox);
      // Clear only if nobody wrote in between; otherwise re-read and publish what is there now.
      const cleared = await model.updateOne(
        { _id: current._id, version: current.version },
        { $set: { outbox: [], outboxPending: false } },
      );
      if (cleared.modifiedCount === 1) return current.outbox.length;
      const fresh = await model.findById(current._id, { _id: 1, version: 1, outbox: 1 }).lean<typeof doc>();
      if (!fresh || !fresh.outbox.length) return current.outbox.length;
      current = fresh;
    }
    return 0;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.nudge();
      this.schedule();
    }, this.options.pollIntervalMs);
    this.timer.unref();
  }
}
