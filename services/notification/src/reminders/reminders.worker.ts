import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, BeforeApplicationShutdown } from '@nestjs/common';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, HealthRegistry, workContext } from '@clinic-flow/platform';
import type { NotificationConfig } from '../config';
import { REMINDERS_QUEUE, ReminderJob, ReminderJobData, RemindersQueue } from './reminders.queue';
import { DeliveryOutcome, RemindersService } from './reminders.service';
import { REDIS_CONNECTION, REMINDERS_QUEUE_TOKEN } from './reminders.tokens';

/** Runs one reminder job in the trace of the event that scheduled it; exported for tests. */
export function exec(job: ReminderJob, service: RemindersService): Promise<DeliveryOutcome> {
  return workContext.run({ correlationId: job.data.correlationId, causationId: job.id }, () =>
    service.deliver(job.data.reminderId, { number: job.attemptsMade + 1, max: job.opts.attempts ?? 1 }),
  );
}

/** The BullMQ worker of the reminders queue; closing it lets jobs in progress finish first. */
@Injectable()
export class RemindersWorker implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private worker?: Worker<ReminderJobData, DeliveryOutcome>;
  private connection?: Redis;

  constructor(
    private readonly service: RemindersService,
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    @Inject(REMINDERS_QUEUE_TOKEN) private readonly queue: RemindersQueue,
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
    private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<ReminderJobData, DeliveryOutcome>(REMINDERS_QUEUE, (job) => exec(job, this.service), {
      connection: (this.connection = this.redis.duplicate({ maxRetriesPerRequest: null })),
      prefix: this.config.QUEUE_PREFIX,
      concurrency: this.config.WORKER_CONCURRENCY,
    });
    this.worker.on('error', () => undefined);
    // Retries exhausted: the job stays in the failed set (the dead letters); notification.failed was emitted.
    this.worker.on('failed', () => undefined);
    this.health.register('reminder-worker', async () => {
      if (!this.worker?.isRunning()) throw new Error('worker is not running');
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    this.connection?.disconnect();
    this.redis.disconnect();
  }
}
