import { Job } from 'bullmq';
import { jobWorker } from '@clinic-flow/messaging';
import { ClaimJobsPlanner, ClaimSubmitRetryJobData, ClaimSubmitRetryQueue, ClearinghousePollJobData, ClearinghousePollQueue } from './claims.queue';
import { ClaimsService } from './claims.service';
import { RemittancesService } from './remittances.service';

/** Sends a claim again (a no-op once it left ready-to-submit); a still-down clearinghouse plans the next attempt. */
export async function execRetry(job: Job<ClaimSubmitRetryJobData>, claims: ClaimsService): Promise<void> {
  await claims.retry(job.data.claimId);
}

/** Fetches and applies the clearinghouse's reports, then plans the next poll. */
export async function execPoll(job: Job<ClearinghousePollJobData>, remittances: RemittancesService, planner: ClaimJobsPlanner): Promise<void> {
  try {
    await remittances.poll();
  } finally {
    await planner.planNextPoll();
  }
}

export const claimSubmitRetryWorker = jobWorker(ClaimSubmitRetryQueue, { inject: [ClaimsService], concurrency: 1, exec: execRetry });
export const clearinghousePollWorker = jobWorker(ClearinghousePollQueue, { inject: [RemittancesService, ClaimJobsPlanner], concurrency: 1, exec: execPoll });
