import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { HealthRegistry, workContext } from '@clinic-flow/platform';
import { REDIS_CONNECTION } from '../timers/timers.tokens';
import { OFFER_EXPIRY_QUEUE, OfferExpiryJob, OfferExpiryJobData } from './offer-expiry.queue';
import { WaitlistService } from './waitlist.service';

/** Runs one expiry job in the trace of the offer that planned it; exported for tests. */
export function exec(job: OfferExpiryJob, waitlist: WaitlistService): Promise<string> {
  return workContext.run({ correlationId: job.data.correlationId, causationId: job.id }, () => waitlist.expireOffer(job.data.siteId, job.data.offerId));
}

/** The BullMQ worker of the offer-expiry queue; closing it lets jobs in progress finish first. */
@Injectable()
export class OfferExpiryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker?: Worker<OfferExpiryJobData, string>;

  constructor(
    private readonly waitlist: WaitlistService,
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<OfferExpiryJobData, string>(OFFER_EXPIRY_QUEUE, (job) => exec(job, this.waitlist), {
      connection: this.redis.duplicate({ maxRetriesPerRequest: null }),
      concurrency: 5,
    });
    this.worker.on('error', () => undefined);
    this.health.register('offer-expiry-worker', async () => {
      if (!this.worker?.isRunning()) throw new Error('worker is not running');
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
