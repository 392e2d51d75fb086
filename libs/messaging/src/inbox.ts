import { Logger } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import { DOMAIN_TOPIC_RETENTION_MS } from '@clinic-flow/contracts';
import { errorMessageForLog, isDuplicateKeyError, Metrics } from '@clinic-flow/platform';

interface InboxRecord {
  _id: string;
  type: string;
  handledAt: Date;
}

const InboxSchema = new Schema<InboxRecord>({ _id: String, type: String, handledAt: Date }, { versionKey: false });

/** The one model of the service's `inbox` collection (every consumer group of the service shares it, keys prefixed by group). */
function inboxModel(connection: Connection): Model<InboxRecord> {
  return (connection.models.InboxRecord as Model<InboxRecord> | undefined) ?? connection.model<InboxRecord>('InboxRecord', InboxSchema, 'inbox');
}

/**
 * Ids of the events a consumer group has handled, so a redelivered or duplicated event is skipped.
 * Handlers are also written to be idempotent on their own, which covers a crash between handling
 * and recording here.
 */
export class Inbox {
  private readonly model: Model<InboxRecord>;

  constructor(connection: Connection, private readonly consumerGroup: string) {
    this.model = inboxModel(connection);
  }

  private key(eventId: string): string {
    return `${this.consumerGroup}:${eventId}`;
  }

  async seen(eventId: string): Promise<boolean> {
    return (await this.model.exists({ _id: this.key(eventId) })) !== null;
  }

  async record(eventId: string, type: string): Promise<void> {
    try {
      await this.model.create({ _id: this.key(eventId), type, handledAt: new Date() });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}

const DAY_MS = 24 * 3600_000;

export interface InboxPruning {
  /** Ids handled longer ago than this are deleted; must exceed the domain topics' retention. */
  retentionDays: number;
  /** How often a pass runs (0 = never; `prune()` still works). */
  intervalMs: number;
  /** Ids deleted per batch. */
  batchSize: number;
  /** Pause between batches, so the database serves other work meanwhile. */
  pauseMs?: number;
}

/** What one pruning pass did. */
export interface PruneReport {
  scanned: number;
  deleted: number;
  cutoff: Date;
}

/**
 * Deletes handled ids older than the retention from the service's inbox, in the background. An id
 * can go once its event can no longer be delivered again: domain topics keep events 30 days and
 * an id is recorded when the event is handled (after it was written), so with a longer retention a
 * consumer replaying a topic from the beginning still finds every id it could meet. Reference
 * topics are compacted (their latest event per key stays), and their handlers apply whole states
 * in order, so one met again after its id went is applied as a no-op.
 *
 * FerretDB 1.24 has no secondary index, so the pass streams the collection once (ids and times
 * only) and deletes by _id, `batchSize` at a time with a pause between batches; several instances
 * pruning at once only repeat deletes. On MongoDB a TTL index on `handledAt` does this instead.
 */
export class InboxPruner {
  private readonly model: Model<InboxRecord>;
  private readonly logger = new Logger('inbox');
  private readonly pruned?: ReturnType<Metrics['counter']>;
  private timer?: NodeJS.Timeout;
  private current?: Promise<PruneReport>;
  private stopped = false;

  constructor(
    connection: Connection,
    private readonly settings: InboxPruning,
    metrics?: Metrics,
  ) {
    if (settings.retentionDays * DAY_MS <= DOMAIN_TOPIC_RETENTION_MS) {
      throw new Error(`INBOX_RETENTION_DAYS (${settings.retentionDays}) must be longer than the domain topics' retention (${DOMAIN_TOPIC_RETENTION_MS / DAY_MS} days): a replay from the beginning would handle events again`);
    }
    this.model = inboxModel(connection);
    this.pruned = metrics?.counter('inbox_pruned_total', 'Handled event ids deleted from the inbox after INBOX_RETENTION_DAYS.', []);
  }

  start(): void {
    if (this.settings.intervalMs <= 0) return;
    this.stopped = false;
    const tick = () => {
      void this.prune()
        .catch((error: unknown) => this.logger.warn(`inbox pruning failed (next pass in ${this.settings.intervalMs} ms): ${errorMessageForLog(error)}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.settings.intervalMs).unref();
        });
    };
    // Not in the start's rush: the first pass waits a minute (or the interval, if shorter).
    this.timer = setTimeout(tick, Math.min(60_000, this.settings.intervalMs)).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current?.catch(() => undefined);
  }

  /** One pass; a pass already running is joined. */
  prune(now = new Date()): Promise<PruneReport> {
    this.current ??= this.pass(now).finally(() => (this.current = undefined));
    return this.current;
  }

  private async pass(now: Date): Promise<PruneReport> {
    const started = Date.now();
    const cutoff = new Date(now.getTime() - this.settings.retentionDays * DAY_MS);
    let scanned = 0;
    let deleted = 0;
    let batch: string[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const ids = batch;
      batch = [];
      // One delete statement per id: each a read by _id (FerretDB scans for `$in`).
      const result = await this.model.bulkWrite(ids.map((_id) => ({ deleteOne: { filter: { _id } } })), { ordered: false });
      deleted += result.deletedCount;
      this.pruned?.inc(result.deletedCount);
      if (this.settings.pauseMs) await new Promise((r) => setTimeout(r, this.settings.pauseMs));
    };
    const cursor = this.model.find({}, { _id: 1, handledAt: 1 }).batchSize(Math.max(this.settings.batchSize, 100)).lean<InboxRecord[]>().cursor();
    for await (const record of cursor) {
      if (this.stopped) break;
      scanned++;
      if (record.handledAt && new Date(record.handledAt).getTime() < cutoff.getTime()) batch.push(record._id);
      if (batch.length >= this.settings.batchSize) await flush();
    }
    await flush();
    if (deleted) this.logger.log(`pruned ${deleted} handled event id(s) older than ${this.settings.retentionDays} days from the inbox (${scanned} scanned in ${Date.now() - started} ms)`);
    return { scanned, deleted, cutoff };
  }
}
