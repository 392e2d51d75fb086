import { Inject, Injectable } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { workContext } from '@clinic-flow/platform';
import { OFFER_EXPIRY_QUEUE_TOKEN } from '../timers/timers.tokens';

export const OFFER_EXPIRY_QUEUE = 'scheduling-waitlist-offer-expiry';

/** Ids and the trace only: the job re-reads the waitlist when it runs. */
export interface OfferExpiryJobData {
  siteId: string;
  offerId: string;
  correlationId: string;
}

export type OfferExpiryJob = Job<OfferExpiryJobData>;

/** Plans the expiry of a waitlist offer; one job per offer (a duplicate plan is a no-op). */
@Injectable()
export class OfferExpiryPlanner {
  constructor(@Inject(OFFER_EXPIRY_QUEUE_TOKEN) private readonly queue: Queue<OfferExpiryJobData>) {}

  async plan(siteId: string, offer: { id: string; expiresAt: Date }): Promise<void> {
    await this.queue.add(
      'offer-expiry',
      { siteId, offerId: offer.id, correlationId: workContext.correlationId() },
      {
        jobId: `offer-expiry_${offer.id}`,
        delay: Math.max(0, new Date(offer.expiresAt).getTime() - Date.now()),
        attempts: 5,
        backoff: { type: 'exponential', delay: 2000 },
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    );
  }
}
