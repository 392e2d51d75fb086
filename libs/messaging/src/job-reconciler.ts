import { InjectionToken, Logger } from '@nestjs/common';
import { errorMessageForLog } from '@clinic-flow/platform';
import type { JobQueue, JobQueueDefinition, TracedJobData } from './jobs';
import type { JobMetrics } from './metrics';

/*
 * Redis is not the record of what is planned: the service's database is. A job is planned from a
 * committed write (a message `scheduled`, an appointment `booked`), so when Redis loses its jobs
 * (a flush, a restart without persistence, a failover to an empty replica) the database still
 * says what should be queued. The reconciler asks each declared source for that planned work, on
 * start and then periodically, and adds back every job Redis does not hold, under its
 * deterministic id: a job Redis still holds (waiting, delayed, running or finished) is left alone,
 * and a job that already did its work is not in the source any more (its record moved on), so it
 * is not redone. Jobs re-read current state when they run, so a job added back for work that
 * ended meanwhile does nothing.
 *
 * A full pass reads every source (a scan on FerretDB) and asks Redis about every planned job, so
 * it does not run on every tick. A pass leaves a marker key in Redis, written before it looks
 * anything up; each tick only asks whether the marker is still there (one EXISTS). Redis with
 * `noeviction` loses keys only all together (a flush, a restart without persistence, a failover
 * to an empty replica): the marker gone means the jobs may be gone, and the tick runs a full
 * pass. A flush during a pass takes the marker written at its start, so the next tick passes
 * again. A full pass also runs at start, after a failed pass (until one succeeds), and every
 * `fullIntervalMs` whatever the marker says (the backstop for a partial loss, such as a failover
 * to a replica that lagged).
 */

/** One job the database says should be queued. */
export interface PlannedJob<D extends TracedJobData> {
  data: D;
  /** When it is due; past = at once. */
  dueAt: Date;
  /** BullMQ job name (defaults to the queue's). */
  name?: string;
}

type Tokens<Deps extends unknown[]> = { [K in keyof Deps]: InjectionToken };

export interface JobSourceSpec<D extends TracedJobData, Deps extends unknown[]> {
  /** Providers handed to `planned`, in this order. */
  inject: Tokens<Deps>;
  /**
   * The work of this queue the database holds as planned and not yet done. Runs in the
   * background; on FerretDB a filter on anything but _id is a scan, so keep it to the fields needed.
   */
  planned(...deps: Deps): Promise<Array<PlannedJob<D>>>;
}

export interface JobSourceDefinition {
  readonly queue: JobQueueDefinition<TracedJobData>;
  readonly source: JobSourceSpec<TracedJobData, unknown[]>;
}

/** Declares where a queue's planned work is recorded, so jobs Redis lost are added back. */
export function jobSource<D extends TracedJobData, Deps extends unknown[]>(queue: JobQueueDefinition<D>, source: JobSourceSpec<D, Deps>): JobSourceDefinition {
  return { queue, source } as unknown as JobSourceDefinition;
}

/** Where a reconciler keeps its marker: Redis, under `<prefix>:jobs-reconciled:<its queues>` (one per service). */
export interface ReconcileMarker {
  redis: { exists(key: string): Promise<number>; set(key: string, value: string): Promise<unknown> };
  prefix: string;
}

export interface ReconcilerOptions {
  /** How often a tick checks the marker (0 = only at start, and when called). */
  intervalMs: number;
  /** A full pass this often even with the marker in place (0 = never; only when it is gone). Without a marker every tick is a full pass. */
  fullIntervalMs?: number;
  marker?: ReconcileMarker;
}

/** What one pass did, per queue. */
export interface ReconcileReport {
  /** Planned jobs the source listed. */
  planned: Record<string, number>;
  /** Of those, the ids of the jobs Redis did not hold, added again. */
  replanned: Record<string, string[]>;
  /** Queues whose pass failed (Redis or the database unavailable); tried again next time. */
  failed: string[];
}

interface RegisteredSource {
  queue: JobQueue<TracedJobData>;
  spec: JobSourceSpec<TracedJobData, unknown[]>;
  deps: unknown[];
}

/** A failed pass is tried again this soon (or at the interval, if shorter). */
const RETRY_FAILED_MS = 5000;

/** How many planned jobs are looked up in Redis at once. */
const LOOKUP_CONCURRENCY = 16;

/**
 * Adds back the jobs Redis lost, from each registered source: a full pass at start (in the
 * background, so a Redis that is down delays nothing), then a tick every `intervalMs` (0 = only
 * when called) that passes again only when the marker is gone or `fullIntervalMs` is up.
 */
export class JobReconciler {
  private readonly logger = new Logger('jobs:reconcile');
  private readonly sources: RegisteredSource[] = [];
  private readonly options: ReconcilerOptions;
  private timer?: NodeJS.Timeout;
  private current?: Promise<ReconcileReport>;
  private stopped = false;
  /** When the last full pass that did not fail started (0 = none yet: the next tick passes). */
  private lastFullPass = 0;

  constructor(options: ReconcilerOptions | number, private readonly metrics?: JobMetrics) {
    this.options = typeof options === 'number' ? { intervalMs: options } : options;
  }

  private get intervalMs(): number {
    return this.options.intervalMs;
  }

  register(queue: JobQueue<TracedJobData>, spec: JobSourceSpec<TracedJobData, unknown[]>, deps: unknown[]): this {
    this.sources.push({ queue, spec, deps });
    return this;
  }

  start(): void {
    if (!this.sources.length) return;
    this.stopped = false;
    // A pass that failed (Redis not connected yet at start, the database away) is tried again soon,
    // not after a whole interval; at start that is the only pass when the interval is 0.
    const tick = () => {
      void this.check().then((report) => {
        if (this.stopped) return;
        const retry = report?.failed.length ? Math.min(RETRY_FAILED_MS, this.intervalMs || RETRY_FAILED_MS) : this.intervalMs;
        if (retry > 0) this.timer = setTimeout(tick, retry).unref();
      });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  /** Stops the timer and waits for a pass in progress (before the queues close). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current?.catch(() => undefined);
  }

  /**
   * What a tick does: a full pass when one is due (none yet or the last failed, the marker gone,
   * or `fullIntervalMs` since the last), else nothing (null). Without a marker, always a pass.
   */
  async check(): Promise<ReconcileReport | null> {
    const { marker, fullIntervalMs = 0 } = this.options;
    if (marker && this.lastFullPass > 0 && !(fullIntervalMs > 0 && Date.now() - this.lastFullPass >= fullIntervalMs)) {
      let present: boolean;
      try {
        present = (await marker.redis.exists(this.markerKey)) === 1;
      } catch (error) {
        // Redis away: nothing to add jobs to either; asked again at the next tick.
        this.logger.warn(`could not read the reconciliation marker ${this.markerKey}: ${errorMessageForLog(error)}`);
        return { planned: {}, replanned: {}, failed: this.sources.map((s) => s.queue.name) };
      }
      if (present) return null;
      this.logger.warn(`the reconciliation marker ${this.markerKey} is gone (Redis flushed or restarted empty): checking every planned job`);
    }
    return this.reconcile();
  }

  /** The marker's key: the service's queues name it, so services sharing a Redis keep theirs apart. */
  get markerKey(): string {
    const names = [...new Set(this.sources.map((s) => s.queue.name))].sort().join(',');
    return `${this.options.marker?.prefix ?? 'bull'}:jobs-reconciled:${names}`;
  }

  /** One full pass over every source; a pass already running is joined, not doubled. */
  reconcile(): Promise<ReconcileReport> {
    this.current ??= this.pass().finally(() => (this.current = undefined));
    return this.current;
  }

  private async pass(): Promise<ReconcileReport> {
    const report: ReconcileReport = { planned: {}, replanned: {}, failed: [] };
    const started = Date.now();
    const { marker } = this.options;
    // Written before anything is looked up: a flush from here on takes it, and the next tick passes again.
    if (marker) {
      try {
        await marker.redis.set(this.markerKey, new Date(started).toISOString());
      } catch (error) {
        this.lastFullPass = 0;
        this.logger.warn(`could not write the reconciliation marker ${this.markerKey} (tried again in ${Math.min(RETRY_FAILED_MS, this.intervalMs || RETRY_FAILED_MS)} ms): ${errorMessageForLog(error)}`);
        return { ...report, failed: this.sources.map((s) => s.queue.name) };
      }
    }
    for (const source of this.sources) {
      const name = source.queue.name;
      try {
        const planned = await source.spec.planned(...source.deps);
        report.planned[name] = planned.length;
        const replanned = await this.addMissing(source.queue, planned);
        report.replanned[name] = replanned;
        if (replanned.length) {
          this.metrics?.recordReplanned(name, replanned.length);
          const sample = replanned.slice(0, 5).join(', ') + (replanned.length > 5 ? ', ...' : '');
          this.logger.warn(`re-planned ${replanned.length} job(s) of queue ${name} that Redis did not hold (of ${planned.length} planned in the database): ${sample}`);
        }
      } catch (error) {
        report.failed.push(name);
        this.logger.warn(`could not reconcile queue ${name} with the database (tried again in ${Math.min(RETRY_FAILED_MS, this.intervalMs || RETRY_FAILED_MS)} ms): ${errorMessageForLog(error)}`);
      }
    }
    // A failed queue is passed over again at the next tick, marker or not.
    this.lastFullPass = report.failed.length ? 0 : started;
    return report;
  }

  /** Adds the planned jobs Redis does not hold; returns their ids. */
  private async addMissing(queue: JobQueue<TracedJobData>, planned: Array<PlannedJob<TracedJobData>>): Promise<string[]> {
    const added: string[] = [];
    for (let i = 0; i < planned.length; i += LOOKUP_CONCURRENCY) {
      await Promise.all(
        planned.slice(i, i + LOOKUP_CONCURRENCY).map(async (job) => {
          if (await queue.holds(job.data)) return;
          // A job added between the look-up and here (the consumer planning it too) makes this a no-op.
          added.push(await queue.add(job.data, { name: job.name, delayMs: job.dueAt.getTime() - Date.now() }));
        }),
      );
    }
    return added;
  }
}
