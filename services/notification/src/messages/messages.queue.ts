import { defineJobQueue } from '@clinic-flow/messaging';

/**
 * Job data carries only ids and the trace; the worker re-reads current state when it runs.
 * `reminderId` is the message id under the name jobs already queued carry.
 */
export interface MessageJobData {
  reminderId: string;
  correlationId: string;
}

/**
 * One job per message, its id the message id (a duplicate or late event plans nothing twice).
 * The queue keeps its name from when every message was a reminder, so jobs already queued (and
 * the ids of finished ones, which refuse duplicates) are still found. Attempts and backoff come
 * from REMINDER_ATTEMPTS and REMINDER_BACKOFF_MS (see the worker).
 */
export const MessagesQueue = defineJobQueue<MessageJobData>({
  name: 'reminders',
  jobId: (data) => data.reminderId,
  attempts: 5,
  backoffMs: 5000,
  keepCompletedSeconds: 14 * 24 * 3600,
});
