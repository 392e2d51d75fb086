import { Job } from 'bullmq';
import { jobWorker } from '@clinic-flow/messaging';
import type { NotificationConfig } from '../config';
import { RemindersQueue, ReminderJobData } from './reminders.queue';
import { DeliveryOutcome, RemindersService } from './reminders.service';

/** Runs one reminder job (in the trace of the event that scheduled it); exported for tests. */
export function exec(job: Job<ReminderJobData>, service: RemindersService): Promise<DeliveryOutcome> {
  return service.deliver(job.data.reminderId, { number: job.attemptsMade + 1, max: job.opts.attempts ?? 1 });
}

/**
 * Message delivery. A message whose job fails for good (attempts exhausted, an unrecoverable
 * error, or its worker died too often) ends `failed` with `notification.failed`, whatever step
 * failed, so none stays `scheduled` or `sending` for ever.
 */
export const remindersWorker = (config: NotificationConfig) =>
  jobWorker(RemindersQueue, {
    inject: [RemindersService],
    concurrency: config.WORKER_CONCURRENCY,
    attempts: config.REMINDER_ATTEMPTS,
    backoffMs: config.REMINDER_BACKOFF_MS,
    exec,
    onFailedForGood: (job, error, service) => service.failForGood(job.data.reminderId, error.message, job.attemptsMade),
  });
