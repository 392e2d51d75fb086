import { Job } from 'bullmq';
import { jobWorker } from '@clinic-flow/messaging';
import { redactErrorText } from '@clinic-flow/platform';
import type { NotificationConfig } from '../config';
import { DeliveryOutcome, MessageDeliveryService } from './delivery.service';
import { MessageJobData, MessagesQueue } from './messages.queue';

/** Runs one message's job (in the trace of the event that planned it); exported for tests. */
export function exec(job: Job<MessageJobData>, delivery: MessageDeliveryService): Promise<DeliveryOutcome> {
  return delivery.deliver(job.data.reminderId, { number: job.attemptsMade + 1, max: job.opts.attempts ?? 1 });
}

/**
 * Message delivery. A message whose job fails for good (attempts exhausted, an unrecoverable
 * error, or its worker died too often) ends `failed` with `notification.failed`, whatever step
 * failed, so none stays `scheduled` or `sending` for ever. The failure's text goes into that event and
 * the message's record with addresses, numbers and quoted values masked: a provider's error often
 * repeats the recipient, and no consumer needs it to know the message failed. An operator's retry
 * (operations console) puts the message back to `scheduled` first; the job then sends it if still due.
 */
export const messagesWorker = jobWorker(MessagesQueue, {
  inject: [MessageDeliveryService],
  concurrency: 10,
  configure: (config: NotificationConfig) => ({ concurrency: config.WORKER_CONCURRENCY, attempts: config.REMINDER_ATTEMPTS, backoffMs: config.REMINDER_BACKOFF_MS }),
  exec,
  onFailedForGood: (job, error, delivery) => delivery.failForGood(job.data.reminderId, redactErrorText(error.message), job.attemptsMade),
  onRetry: (job, delivery) => delivery.reopenForRetry(job.data.reminderId),
});
