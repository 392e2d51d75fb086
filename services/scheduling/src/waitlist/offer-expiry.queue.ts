import { Inject, Injectable } from '@nestjs/common';
import { defineJobQueue, JobQueue } from '@clinic-flow/messaging';
import { workContext } from '@clinic-flow/platform';

/** Ids and the trace only: the job re-reads the waitlist when it runs. */
export interface OfferExpiryJobData {
  siteId: string;
  offerId: string;
  correlationId: string;
}

/** One job per offer: a duplicate plan is a no-op. */
export const OfferExpiryQueue = defineJobQueue<OfferExpiryJobData>({
  name: 'scheduling-waitlist-offer-expiry',
  jobId: (data) => `offer-expiry_${data.offerId}`,
  attempts: 5,
  backoffMs: 2000,
});

/** Plans the expiry of a waitlist offer. */
@Injectable()
export class OfferExpiryPlanner {
  constructor(@Inject(OfferExpiryQueue.token) private readonly queue: JobQueue<OfferExpiryJobData>) {}

  async plan(siteId: string, offer: { id: string; expiresAt: Date }): Promise<void> {
    await this.queue.add({ siteId, offerId: offer.id, correlationId: workContext.correlationId() }, { name: 'offer-expiry', delayMs: new Date(offer.expiresAt).getTime() - Date.now() });
  }
}
