import { OnApplicationShutdown, Inject, Injectable, Provider } from '@nestjs/common';
import { Queue } from 'bullmq';
import IORedis, { Redis } from 'ioredis';
import { HealthRegistry } from '@clinic-flow/platform';
import { NO_SHOW_QUEUE } from '../appointments/no-show.queue';
import { OFFER_EXPIRY_QUEUE } from '../waitlist/offer-expiry.queue';
import { NO_SHOW_QUEUE_TOKEN, OFFER_EXPIRY_QUEUE_TOKEN, REDIS_CONNECTION } from './timers.tokens';

/**
 * Delayed work of scheduling on Redis (BullMQ): the automatic no-show and the expiry of waitlist
 * offers. Closes the queues and the connection after the workers have finished.
 */
@Injectable()
export class TimersShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    @Inject(NO_SHOW_QUEUE_TOKEN) private readonly noShow: Queue,
    @Inject(OFFER_EXPIRY_QUEUE_TOKEN) private readonly offerExpiry: Queue,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.noShow.close(), this.offerExpiry.close()]);
    this.redis.disconnect();
  }
}

export function timerProviders(redisUrl: string): Provider[] {
  return [
    {
      provide: REDIS_CONNECTION,
      inject: [HealthRegistry],
      useFactory: (health: HealthRegistry): Redis => {
        const redis = new IORedis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
        health.register('redis', async () => {
          await redis.ping();
        });
        return redis;
      },
    },
    { provide: NO_SHOW_QUEUE_TOKEN, inject: [REDIS_CONNECTION], useFactory: (redis: Redis) => new Queue(NO_SHOW_QUEUE, { connection: redis }) },
    { provide: OFFER_EXPIRY_QUEUE_TOKEN, inject: [REDIS_CONNECTION], useFactory: (redis: Redis) => new Queue(OFFER_EXPIRY_QUEUE, { connection: redis }) },
    TimersShutdown,
  ];
}
