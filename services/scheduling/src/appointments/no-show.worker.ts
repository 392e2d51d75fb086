import { Job } from 'bullmq';
import { jobWorker } from '@clinic-flow/messaging';
import { LifecycleService } from './lifecycle.service';
import { NoShowJobData, NoShowQueue } from './no-show.queue';

/** Runs one no-show job (the helper puts it in the trace of the booking that planned it); exported for tests. */
export function exec(job: Job<NoShowJobData>, lifecycle: LifecycleService): Promise<string> {
  return lifecycle.markNoShowIfDue(job.data.appointmentId, new Date(job.data.start));
}

/**
 * Failing for good (the database down through every attempt) leaves the appointment as it was:
 * the front desk can still mark the no-show by hand, and the failure is logged with the job id.
 */
export const noShowWorker = jobWorker(NoShowQueue, { inject: [LifecycleService], concurrency: 5, exec });
