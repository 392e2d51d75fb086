import { defineJobQueue } from '@clinic-flow/messaging';

/** Job data carries only ids and the trace; the worker re-reads current state when it runs. */
export interface ReminderJobData {
  reminderId: string;
  correlationId: string;
}

/**
 * One job per message, its id the message id (a duplicate or late event plans nothing twice).
 * Attempts and backoff come from REMINDER_ATTEMPTS and REMINDER_BACKOFF_MS (see the worker).
 */
export const RemindersQueue = defineJobQueue<ReminderJobData>({
  name: 'reminders',
  jobId: (data) => data.reminderId,
  attempts: 5,
  backoffMs: 5000,
  keepCompletedSeconds: 14 * 24 * 3600,
});
