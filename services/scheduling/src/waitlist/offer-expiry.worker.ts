import { Job } from 'bullmq';
import { jobWorker } from '@clinic-flow/messaging';
import { OfferExpiryJobData, OfferExpiryQueue } from './offer-expiry.queue';
import { WaitlistService } from './waitlist.service';

/** Runs one expiry job (in the trace of the offer that planned it); exported for tests. */
export function exec(job: Job<OfferExpiryJobData>, waitlist: WaitlistService): Promise<string> {
  return waitlist.expireOffer(job.data.siteId, job.data.offerId);
}

/** Failing for good leaves the offer live until the front desk acts; the failure is logged with the job id. */
export const offerExpiryWorker = jobWorker(OfferExpiryQueue, { inject: [WaitlistService], concurrency: 5, exec });
