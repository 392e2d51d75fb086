import { Job, JobsOptions, Queue } from 'bullmq';

export const REMINDERS_QUEUE = 'reminders';

/** Job data carries only ids and the trace; the worker re-reads current state when it runs. */
export interface ReminderJobData {
  reminderId: string;
  correlationId: string;
}

export type ReminderJob = Job<ReminderJobData>;

export function reminderJobOptions(delayMs: number, attempts: number, backoffMs: number, jobId: string): JobsOptions {
  return {
    jobId,
    delay: Math.max(0, delayMs),
    attempts,
    backoff: { type: 'exponential', delay: backoffMs },
    // Finished jobs are kept a while so a late duplicate event finds the id taken.
    removeOnComplete: { age: 14 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

export type RemindersQueue = Queue<ReminderJobData>;
