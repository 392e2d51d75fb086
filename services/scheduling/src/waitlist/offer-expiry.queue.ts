import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { defineJobQueue, JobQueue, jobSource, PlannedJob } from '@clinic-flow/messaging';
import { workContext } from '@clinic-flow/platform';
import { WaitlistRepository } from './waitlist.repository';
import { lapsesAt } from './waitlist.rules';
import { WaitlistOfferRecord } from './waitlist.schema';

/** Ids and the trace only: the job re-reads the waitlist when it runs. */
export interface OfferExpiryJobData {
  siteId: string;
  offerId: string;
  correlationId: string;
  /** `unsent`: the lapse of an offer whose message has not gone out; absent: the end of its hold. */
  phase?: 'unsent';
}

/**
 * One job per offer and phase: a duplicate plan is a no-op, and the hold's job, planned when the
 * message went out, is not swallowed by the job of the offer's unsent lapse.
 */
export const OfferExpiryQueue = defineJobQueue<OfferExpiryJobData>({
  name: 'scheduling-waitlist-offer-expiry',
  jobId: (data) => (data.phase === 'unsent' ? `offer-unsent_${data.offerId}` : `offer-expiry_${data.offerId}`),
  attempts: 5,
  backoffMs: 2000,
});

/** Plans the lapse of a live waitlist offer: the end of its hold, or its send-by time while unsent. */
@Injectable()
export class OfferExpiryPlanner {
  constructor(@Inject(OfferExpiryQueue.token) private readonly queue: JobQueue<OfferExpiryJobData>) {}

  async plan(siteId: string, offer: WaitlistOfferRecord): Promise<void> {
    const at = lapsesAt(offer);
    if (!at) return;
    const phase = offer.status === 'waiting-to-send' ? { phase: 'unsent' as const } : {};
    await this.queue.add({ siteId, offerId: offer.id, correlationId: workContext.correlationId(), ...phase }, { name: 'offer-expiry', delayMs: at.getTime() - Date.now() });
  }
}

/** Every live offer (open, or waiting to be sent) has its lapse planned (see JobReconciler). */
export const offerExpirySource = jobSource(OfferExpiryQueue, {
  inject: [WaitlistRepository],
  planned: async (waitlists: WaitlistRepository) =>
    (await waitlists.listOffers()).flatMap(({ siteId, offers }) =>
      offers.flatMap((offer): Array<PlannedJob<OfferExpiryJobData>> => {
        const at = lapsesAt(offer);
        if (!at) return [];
        const phase = offer.status === 'waiting-to-send' ? { phase: 'unsent' as const } : {};
        return [{ data: { siteId, offerId: offer.id, correlationId: randomUUID(), ...phase }, dueAt: at, name: 'offer-expiry' }];
      }),
    ),
});
