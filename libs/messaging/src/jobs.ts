import { BeforeApplicationShutdown, Controller, DynamicModule, Get, Global, HttpCode, Inject, InjectionToken, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown, Param, Post, Provider, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Job, Queue, Worker } from 'bullmq';
import IORedis, { Redis } from 'ioredis';
import { z } from 'zod';
import { context, createContextKey } from '@opentelemetry/api';
import { Policies, Roles } from '@clinic-flow/auth';
import { FailedJobsQuery } from '@clinic-flow/contracts';
import { APP_CONFIG, contextFrom, DomainError, errorMessageForLog, HealthRegistry, inSpan, Metrics, SpanKind, traceHeaders, workContext } from '@clinic-flow/platform';
import { failedJobView, FailedJobView } from './failed-jobs';
import { JobReconciler, JobSourceDefinition } from './job-reconciler';
import { JobMetrics } from './metrics';
import { TransientError } from './retry';

/*
 * One way to run delayed and retried work on Redis (BullMQ). A queue is declared once (name,
 * deterministic job id, attempts, retention) and its worker once (what a job does, and what the
 * domain records when a job fails for good); `jobProviders` (or `JobsModule.forRoot` once and
 * `jobQueueProviders` in each module that owns queues) turns them into Nest providers with one
 * shared connection, health checks, workers started on bootstrap and closed gracefully.
 */

/** Which queue's job the current work is running (a trace context value). */
const RUNNING_QUEUE = createContextKey('clinic-flow.running-queue');

/** Job data carries ids and the trace only: the job re-reads current state when it runs. */
export interface TracedJobData {
  correlationId: string;
  /** W3C trace context of the work that planned the job (set by JobQueue.add while tracing). */
  traceparent?: string;
  tracestate?: string;
}

export interface JobQueueSpec<D extends TracedJobData> {
  /** The BullMQ queue name. */
  name: string;
  /** Same data, same id: a duplicate plan is a no-op while the job is kept. */
  jobId(data: D): string;
  attempts: number;
  /** First retry delay; doubles per attempt. */
  backoffMs: number;
  /** Finished jobs are kept this long, so a late duplicate finds the id taken. */
  keepCompletedSeconds?: number;
  keepFailedSeconds?: number;
}

export interface JobQueueDefinition<D extends TracedJobData> extends JobQueueSpec<D> {
  /** Inject the queue with `@Inject(definition.token) queue: JobQueue<D>`. */
  readonly token: symbol;
}

/** Declares a queue; its worker is declared with `jobWorker`, beside the code it runs. */
export function defineJobQueue<D extends TracedJobData>(spec: JobQueueSpec<D>): JobQueueDefinition<D> {
  return { ...spec, token: Symbol(`jobs:${spec.name}`) };
}

/** How long add() waits for the queue's connection object before calling Redis unavailable. */
const CONNECTED_CHECK_MS = 1000;

/** What services inject to plan and withdraw jobs. */
export class JobQueue<D extends TracedJobData> {
  constructor(
    readonly queue: Queue<D>,
    private readonly definition: JobQueueSpec<D>,
  ) {}

  get name(): string {
    return this.definition.name;
  }

  /**
   * Plans a job `delayMs` from now (at once if not positive); a job id the queue still holds is ignored.
   * Redis that is not connected fails it at once with a TransientError (the connection would
   * otherwise hold the command until Redis is back): a consumer then waits, heart-beating, and
   * retries; nobody's request hangs on it.
   */
  async add(data: D, options: { delayMs?: number; name?: string } = {}): Promise<string> {
    const { attempts, backoffMs, keepCompletedSeconds, keepFailedSeconds } = this.definition;
    const jobId = this.definition.jobId(data);
    await this.assertConnected();
    // A job planned while a job of the same queue runs (a periodic tick planning its next run) starts
    // a trace of its own; otherwise every tick would join one endless trace.
    const trace = context.active().getValue(RUNNING_QUEUE) === this.definition.name ? {} : traceHeaders();
    await this.queue.add((options.name ?? this.definition.name) as never, { ...data, ...trace } as never, {
      jobId,
      delay: Math.max(0, options.delayMs ?? 0),
      attempts,
      backoff: { type: 'exponential', delay: backoffMs },
      removeOnComplete: { age: keepCompletedSeconds ?? 7 * 24 * 3600 },
      removeOnFail: { age: keepFailedSeconds ?? 30 * 24 * 3600 },
    });
    return jobId;
  }

  private async assertConnected(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const client = await Promise.race([
      this.queue.client,
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), CONNECTED_CHECK_MS))),
    ]).finally(() => clearTimeout(timer));
    if (client?.status !== 'ready') throw new TransientError(`Redis is not connected (queue ${this.definition.name}: ${client?.status ?? 'no connection yet'})`);
  }

  /** Whether Redis holds this job (waiting, delayed, running, finished or failed): what the reconciler leaves alone. */
  async holds(data: D): Promise<boolean> {
    await this.assertConnected();
    return (await this.queue.getJob(this.definition.jobId(data))) !== undefined;
  }

  /** What Redis holds of this job: `live` (waiting, delayed, running), `finished` (completed or failed, kept for a while) or `missing`. */
  async state(data: D): Promise<'live' | 'finished' | 'missing'> {
    await this.assertConnected();
    const state = await this.queue.getJobState(this.definition.jobId(data));
    return state === 'unknown' ? 'missing' : state === 'completed' || state === 'failed' ? 'finished' : 'live';
  }

  /** Plans the job again even if Redis keeps a finished one under its id (which `add` would take for a duplicate). */
  async replan(data: D, options: { delayMs?: number; name?: string } = {}): Promise<string> {
    await this.remove(this.definition.jobId(data));
    return this.add(data, options);
  }

  /** Withdraws a job that has not started; a running or finished one stays. */
  async remove(jobId: string): Promise<void> {
    await this.queue.remove(jobId).catch(() => 0);
  }
}

type Tokens<Deps extends unknown[]> = { [K in keyof Deps]: InjectionToken };

/** Worker settings that may come from the service's config. */
export interface JobWorkerSettings {
  concurrency?: number;
  attempts?: number;
  backoffMs?: number;
}

export interface JobWorkerSpec<D extends TracedJobData, Deps extends unknown[], C = never> {
  /** Providers handed to `exec` and `onFailedForGood`, in this order. */
  inject: Tokens<Deps>;
  concurrency: number;
  /** Overrides of the queue's declaration known only at run time (from config). */
  attempts?: number;
  backoffMs?: number;
  /**
   * Settings read from the service's config (`APP_CONFIG`) when the application starts, over the
   * ones above: lets a module declared statically take them from env.
   */
  configure?(config: C): JobWorkerSettings;
  /** Runs one job, in the trace of the work that planned it. Throwing fails the attempt. */
  exec(job: Job<D>, ...deps: Deps): Promise<unknown>;
  /**
   * The job will not run again (attempts exhausted, an UnrecoverableError, or stalled too often):
   * the domain records the failure here (a status and its failure event). Already logged.
   */
  onFailedForGood?(job: Job<D>, error: Error, ...deps: Deps): Promise<void>;
  /**
   * An operator retries a job that failed for good (operations console): undo here what
   * `onFailedForGood` closed, so the job's re-read of current state finds work to do; throw a
   * DomainError to refuse the retry (nothing is retried). Without it the job simply runs again.
   */
  onRetry?(job: Job<D>, ...deps: Deps): Promise<void>;
}

export interface JobWorkerDefinition {
  readonly queue: JobQueueDefinition<TracedJobData>;
  readonly worker: JobWorkerSpec<TracedJobData, unknown[], unknown>;
}

/** Declares the worker of a queue. */
export function jobWorker<D extends TracedJobData, Deps extends unknown[], C = never>(queue: JobQueueDefinition<D>, worker: JobWorkerSpec<D, Deps, C>): JobWorkerDefinition {
  return { queue, worker } as unknown as JobWorkerDefinition;
}

export interface JobsSettings {
  redisUrl: string;
  /** BullMQ key prefix; separate prefixes keep deployments (or test runs) on one Redis apart. */
  prefix?: string;
  /** How long a worker holds a job before it must renew the lock (renewed at half of it). */
  lockDurationMs: number;
  /** How often workers look for jobs whose lock expired (a dead worker) and run them again. */
  stalledIntervalMs: number;
  /** How often the reconciler checks that Redis kept its marker, and adds back what Redis lost if not (0 = only at start). */
  reconcileIntervalMs?: number;
  /** A full comparison of planned work with Redis this often even with the marker in place (0 = never). */
  reconcileFullIntervalMs?: number;
}

/**
 * Env of the job settings, for each service's config schema. The defaults are BullMQ's; tests
 * shorten them so a job of a killed process is taken over in seconds.
 */
export const jobsEnv = {
  /** A worker holds a job this long and renews the lock at half of it; a dead worker's job is free after this. */
  JOBS_LOCK_DURATION_MS: z.coerce.number().int().min(1000).default(30_000),
  /** How often workers look for jobs whose lock expired. */
  JOBS_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
  /** How often the reconciler checks Redis still holds its marker; gone (a flush, a restart without persistence), jobs Redis lost are re-planned from the database; 0 = only at start. */
  JOBS_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
  /** A full re-planning pass this often even when the marker is in place (a partial loss); 0 = never. */
  JOBS_RECONCILE_FULL_INTERVAL_MS: z.coerce.number().int().min(0).default(6 * 3600_000),
};

/** The shared Redis connection of the jobs, for other Redis use of the service (one pool). */
export const JOBS_REDIS = Symbol('JOBS_REDIS');

/** At most one `error` line per worker this often: a Redis outage makes BullMQ report every retry. */
const ERROR_LOG_INTERVAL_MS = 30_000;

/** One queue's worker: started on bootstrap, closed (in-flight jobs finishing) on shutdown. */
class JobRunner {
  private worker?: Worker<TracedJobData>;
  private workerConnection?: Redis;
  private readonly logger: Logger;
  private lastErrorLog = 0;
  private suppressedErrors = 0;

  constructor(
    private readonly definition: JobWorkerDefinition,
    readonly queue: JobQueue<TracedJobData>,
    private readonly settings: JobsSettings,
    private readonly deps: unknown[],
  ) {
    this.logger = new Logger(`jobs:${definition.queue.name}`);
  }

  start(redis: Redis, health: HealthRegistry, metrics?: JobMetrics): void {
    const { queue, worker: spec } = this.definition;
    this.workerConnection = redis.duplicate({ maxRetriesPerRequest: null });
    metrics?.watchDepth(queue.name, (...states) => this.queue.queue.getJobCounts(...(states as Parameters<Queue['getJobCounts']>)));
    // The run continues the trace that planned the job (its data's `traceparent`).
    const traced = (job: Job<TracedJobData>) => ({
      kind: SpanKind.CONSUMER,
      parent: contextFrom(job.data as unknown as Record<string, unknown>),
      attributes: { 'messaging.system': 'bullmq', 'messaging.operation.type': 'process', 'messaging.destination.name': queue.name, 'clinic_flow.job.attempt': job.attemptsMade + 1 },
    });
    const run = (job: Job<TracedJobData>) =>
      inSpan(`${queue.name} process`, traced(job), () => context.with(context.active().setValue(RUNNING_QUEUE, queue.name), () => workContext.run({ correlationId: job.data.correlationId, causationId: job.id }, () => spec.exec(job, ...this.deps))));
    this.worker = new Worker<TracedJobData>(
      queue.name,
      metrics
        ? async (job) => {
            metrics.recordStart(queue.name, job);
            const started = process.hrtime.bigint();
            const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
            try {
              const result = await run(job);
              metrics.recordRun(queue.name, 'completed', seconds());
              return result;
            } catch (error) {
              metrics.recordRun(queue.name, 'failed', seconds());
              throw error;
            }
          }
        : run,
      {
        connection: this.workerConnection,
        prefix: this.settings.prefix,
        concurrency: spec.concurrency,
        lockDuration: this.settings.lockDurationMs,
        stalledInterval: this.settings.stalledIntervalMs,
      },
    );
    this.worker.on('error', (error) => this.logError(error));
    this.worker.on('failed', (job, error) => void this.failed(job, error));
    health.register(`${queue.name}-worker`, async () => {
      if (!this.worker?.isRunning()) throw new Error('worker is not running');
    });
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.workerConnection?.quit().catch(() => undefined);
  }

  /** Jobs that failed for good, newest first. */
  async failedJobs(limit: number): Promise<FailedJobView[]> {
    const jobs = await this.queue.queue.getFailed(0, limit - 1);
    return jobs.filter((job): job is Job<TracedJobData> => !!job).map((job) => failedJobView(this.definition.queue.name, job));
  }

  /**
   * Runs a job that failed for good again, from its first attempt, after the worker's `onRetry`
   * (which may refuse). A job that is not (or no longer) failed is refused: it runs or ran already.
   */
  async retry(id: string): Promise<{ queue: string; id: string; state: string }> {
    const name = this.definition.queue.name;
    const job = await Job.fromId<TracedJobData>(this.queue.queue, id);
    if (!job) throw new DomainError('not-found', 'JOB.NOT_FOUND', `No job ${id} in queue ${name} (finished jobs are kept for a while only)`);
    const state = await job.getState();
    if (state !== 'failed') throw new DomainError('conflict', 'JOB.NOT_FAILED', `Job ${id} of queue ${name} is ${state}, not failed: only a failed job is retried`);
    await workContext.run({ correlationId: job.data.correlationId, causationId: job.id }, () => this.definition.worker.onRetry?.(job, ...this.deps));
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    this.logger.log(`job ${id} of queue ${name} retried by an operator`);
    return { queue: name, id, state: await job.getState() };
  }

  private logError(error: Error): void {
    const now = Date.now();
    if (now - this.lastErrorLog < ERROR_LOG_INTERVAL_MS) {
      this.suppressedErrors++;
      return;
    }
    const suppressed = this.suppressedErrors ? ` (${this.suppressedErrors} more since the last report)` : '';
    this.lastErrorLog = now;
    this.suppressedErrors = 0;
    this.logger.error(`worker error: ${errorMessageForLog(error)}${suppressed}`);
  }

  /** BullMQ reports every failed attempt; `finishedOn` is set only when the job will not run again. */
  private async failed(job: Job<TracedJobData> | undefined, error: Error): Promise<void> {
    if (!job) {
      this.logger.error(`a job failed and could not be read back: ${errorMessageForLog(error)}`);
      return;
    }
    const where = `job ${job.id} of queue ${this.definition.queue.name}`;
    if (!job.finishedOn) {
      this.logger.warn(`${where} failed attempt ${job.attemptsMade}: ${errorMessageForLog(error)}`);
      return;
    }
    await workContext.run({ correlationId: job.data.correlationId, causationId: job.id }, async () => {
      this.logger.error(`${where} failed for good after ${job.attemptsMade} attempt(s): ${errorMessageForLog(error)}`);
      try {
        await this.definition.worker.onFailedForGood?.(job, error, ...this.deps);
      } catch (hookError) {
        this.logger.error(`${where}: recording the failure failed too: ${errorMessageForLog(hookError)}`);
      }
    });
  }
}

/**
 * Starts the workers on bootstrap; on shutdown closes them first (jobs in progress finish), then
 * the queues, then the shared connection. One object does it for every queue of the service,
 * whichever module declares them, because Nest runs the shutdown hooks of a module's providers
 * concurrently and gives no order between modules that would keep the connection open long enough.
 */
class JobsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly runners: JobRunner[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly health: HealthRegistry,
    readonly reconciler: JobReconciler,
    private readonly metrics?: JobMetrics,
  ) {}

  add(runner: JobRunner): JobRunner {
    this.runners.push(runner);
    return runner;
  }

  /** Failed jobs of every queue of the service (or one), newest first. */
  async failedJobs(queue: string | undefined, limit: number): Promise<FailedJobView[]> {
    const runners = queue ? [this.runner(queue)] : this.runners;
    const all = (await Promise.all(runners.map((r) => r.failedJobs(limit)))).flat();
    return all.sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? '')).slice(0, limit);
  }

  retry(queue: string, id: string) {
    return this.runner(queue).retry(id);
  }

  private runner(queue: string): JobRunner {
    const runner = this.runners.find((r) => r.queue.name === queue);
    if (!runner) throw new DomainError('not-found', 'JOB.QUEUE_NOT_FOUND', `This service has no queue ${queue}`);
    return runner;
  }

  onApplicationBootstrap(): void {
    for (const runner of this.runners) runner.start(this.redis, this.health, this.metrics);
    this.reconciler.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.reconciler.stop();
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.queue.queue.close()));
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

const JOBS_SETTINGS = Symbol('JOBS_SETTINGS');

/**
 * The service's failed jobs for the operations console, which the gateway asks (internal: not in
 * the service's document, so the gateway never forwards a client here). Job data is shown only as
 * its ids and numbers; a retry is audited by the gateway.
 */
@ApiExcludeController()
@Controller('jobs')
export class JobsController {
  constructor(@Inject(JobsLifecycle) private readonly lifecycle: JobsLifecycle) {}

  @Get('failed')
  @Roles(...Policies.watchStreams)
  async failed(@Query() query: FailedJobsQuery) {
    return { items: await this.lifecycle.failedJobs(query.queue, query.limit) };
  }

  @Post(':queue/:id/retry')
  @HttpCode(200)
  @Roles(...Policies.repairStreams)
  retry(@Param('queue') queue: string, @Param('id') id: string) {
    return this.lifecycle.retry(queue, id);
  }
}

/** The connection, its health check and the lifecycle: once per service. */
function jobsRootProviders(settings: JobsSettings): Provider[] {
  return [
    { provide: JOBS_SETTINGS, useValue: settings },
    {
      provide: JOBS_REDIS,
      inject: [HealthRegistry],
      useFactory: (health: HealthRegistry): Redis => {
        const redis = new IORedis(settings.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
        health.register('redis', async () => {
          await redis.ping();
        });
        return redis;
      },
    },
    {
      provide: JobsLifecycle,
      inject: [JOBS_REDIS, HealthRegistry, { token: Metrics, optional: true }],
      useFactory: (redis: Redis, health: HealthRegistry, metrics?: Metrics) => {
        const jobMetrics = metrics && new JobMetrics(metrics);
        const reconciler = new JobReconciler(
          { intervalMs: settings.reconcileIntervalMs ?? 30_000, fullIntervalMs: settings.reconcileFullIntervalMs ?? 6 * 3600_000, marker: { redis, prefix: settings.prefix ?? 'bull' } },
          jobMetrics,
        );
        return new JobsLifecycle(redis, health, reconciler, jobMetrics);
      },
    },
    { provide: JobReconciler, inject: [JobsLifecycle], useFactory: (lifecycle: JobsLifecycle) => lifecycle.reconciler },
  ];
}

/**
 * Providers of some queues and their workers, for the module that owns them: each queue under its
 * definition's token (export it for other modules), each worker (health check `<queue>-worker`)
 * handed to the service's one lifecycle. Needs `JobsModule.forRoot` in the application.
 */
export function jobQueueProviders(workers: JobWorkerDefinition[]): Provider[] {
  return workers.flatMap(({ queue, worker: declared }): Provider[] => {
    const effectiveToken = Symbol(`jobs:${queue.name}:effective`);
    return [
      {
        provide: effectiveToken,
        inject: [{ token: APP_CONFIG, optional: true }],
        useFactory: (config?: unknown): JobWorkerDefinition => {
          const worker = { ...declared, ...(declared.configure && config !== undefined ? declared.configure(config) : {}) };
          return { queue: { ...queue, attempts: worker.attempts ?? queue.attempts, backoffMs: worker.backoffMs ?? queue.backoffMs }, worker };
        },
      },
      {
        provide: queue.token,
        inject: [JOBS_REDIS, JOBS_SETTINGS, effectiveToken],
        useFactory: (redis: Redis, settings: JobsSettings, effective: JobWorkerDefinition) =>
          new JobQueue(new Queue(queue.name, { connection: redis, prefix: settings.prefix }), effective.queue),
      },
      {
        provide: Symbol(`jobs:${queue.name}:worker`),
        inject: [JobsLifecycle, JOBS_SETTINGS, queue.token, effectiveToken, ...declared.inject],
        useFactory: (lifecycle: JobsLifecycle, settings: JobsSettings, jobs: JobQueue<TracedJobData>, effective: JobWorkerDefinition, ...deps: unknown[]) =>
          lifecycle.add(new JobRunner(effective, jobs, settings, deps)),
      },
    ];
  });
}

/**
 * Providers that register where queues' planned work is recorded (see job-reconciler.ts), for the
 * module that owns that data; the queues themselves come from `jobQueueProviders` (any module).
 */
export function jobSourceProviders(sources: JobSourceDefinition[]): Provider[] {
  return sources.map(({ queue, source }) => ({
    provide: Symbol(`jobs:${queue.name}:source`),
    inject: [JobsLifecycle, queue.token, ...source.inject],
    useFactory: (lifecycle: JobsLifecycle, jobs: JobQueue<TracedJobData>, ...deps: unknown[]) => lifecycle.reconciler.register(jobs, source, deps),
  }));
}

/**
 * The jobs of a service whose queues are declared in several modules: one Redis connection
 * (`JOBS_REDIS`, health check `redis`) and one lifecycle for all of them; each module adds its
 * own with `jobQueueProviders`.
 */
@Global()
@Module({})
export class JobsModule {
  static forRoot(settings: JobsSettings): DynamicModule {
    return { module: JobsModule, controllers: [JobsController], providers: jobsRootProviders(settings), exports: [JOBS_REDIS, JOBS_SETTINGS, JobsLifecycle, JobReconciler] };
  }
}

/**
 * Providers for a service's queues and workers in one module: the shared Redis connection
 * (`JOBS_REDIS`, health check `redis`), each queue under its definition's token, each worker
 * (health check `<queue>-worker`) started on bootstrap and closed on shutdown before the queues
 * and the connection.
 */
export function jobProviders(settings: JobsSettings, workers: JobWorkerDefinition[]): Provider[] {
  return [...jobsRootProviders(settings), ...jobQueueProviders(workers)];
}
