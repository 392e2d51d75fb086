import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { HealthRegistry, workContext } from '@clinic-flow/platform';
import { REDIS_CONNECTION } from '../timers/timers.tokens';
import { LifecycleService } from './lifecycle.service';
import { NO_SHOW_QUEUE, NoShowJob, NoShowJobData } from './no-show.queue';

/** Runs one no-show job in the trace of the booking that planned it; exported for tests. */
export function exec(job: NoShowJob, lifecycle: LifecycleService): Promise<string> {
  return workContext.run({ correlationId: job.data.correlationId, causationId: job.id }, () =>
    lifecycle.markNoShowIfDue(job.data.appointmentId, new Date(job.data.start)),
  );
}

/** The BullMQ worker of the no-show queue; closing it lets jobs in progress finish first. */
@Injectable()
export class NoShowWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker?: Worker<NoShowJobData, string>;

  constructor(
    private readonly lifecycle: LifecycleService,
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<NoShowJobData, string>(NO_SHOW_QUEUE, (job) => exec(job, this.lifecycle), {
      connection: this.redis.duplicate({ maxRetriesPerRequest: null }),
      concurrency: 5,
    });
    this.worker.on('error', () => undefined);
    this.health.register('no-show-worker', async () => {
      if (!this.worker?.isRunning()) throw new Error('worker is not running');
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
