import { Job } from 'bullmq';
import { jobWorker } from '@clinic-flow/messaging';
import { errorMessageForLog } from '@clinic-flow/platform';
import { EligibilityBatchJob, EligibilityBatchQueue, EligibilityNightlyQueue, EligibilityNightlyTick } from './eligibility-batches.queue';
import { EligibilityBatchesService } from './eligibility-batches.service';

/** Runs one batch (exported for tests); on its last attempt, patients still unknown are recorded instead of awaited. */
export function execBatch(job: Job<EligibilityBatchJob>, batches: EligibilityBatchesService): Promise<string> {
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  return batches.run(job.data.batchId, lastAttempt);
}

/** One tick of the nightly clock (exported for tests). */
export async function execNightlyTick(_job: Job<EligibilityNightlyTick>, batches: EligibilityBatchesService): Promise<string> {
  const planned = await batches.nightlyTick();
  return planned.length ? `planned or kept: ${planned.join(', ')}` : 'no site is due';
}

/** One batch at a time per instance: a batch is one interchange of up to hundreds of inquiries. */
export const eligibilityBatchWorker = jobWorker(EligibilityBatchQueue, {
  inject: [EligibilityBatchesService],
  concurrency: 1,
  exec: execBatch,
  // Never a lost check: what the batch could not record is recorded as needs attention, and it is closed.
  onFailedForGood: (job, error, batches) => batches.failedForGood(job.data.batchId, errorMessageForLog(error)),
});

export const eligibilityNightlyWorker = jobWorker(EligibilityNightlyQueue, { inject: [EligibilityBatchesService], concurrency: 1, exec: execNightlyTick });
