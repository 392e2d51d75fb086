import { Job } from 'bullmq';
import { jobWorker } from '@clinic-flow/messaging';
import { ReferralChaseJobData, ReferralChaseQueue } from './referral-chase.queue';
import { ReferralsService } from './referrals.service';

/** Runs one chase job; exported for tests. */
export function exec(job: Job<ReferralChaseJobData>, referrals: ReferralsService): Promise<string> {
  return referrals.chaseIfDue(job.data.referralId, job.data.status, new Date(job.data.stepAt));
}

/**
 * A chase that fails for good (the database down through every attempt) is re-planned by the
 * reconcile at the next start; the referral itself is unchanged, so nothing is half-done.
 */
export const referralChaseWorker = jobWorker(ReferralChaseQueue, { inject: [ReferralsService], concurrency: 5, exec });
