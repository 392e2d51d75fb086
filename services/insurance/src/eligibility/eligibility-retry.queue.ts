import { defineJobQueue } from '@clinic-flow/messaging';

/** A visit's check of one coverage to ask again, the payer having been unavailable. Ids only: the job re-reads the visit and coverage. */
export interface EligibilityRetryJob {
  appointmentId: string;
  coverageId: string;
  dateOfService: string;
  /** Which retry (1 = the first); the delay before it is ELIGIBILITY_RETRY_DELAYS[attempt - 1]. */
  attempt: number;
  /** The check that found the payer down (the first of the series names every retry's id). */
  retryOf: string;
  firstCheckId?: string;
  correlationId: string;
}

/** The series' first check: every retry's id derives from it, so a redelivery never doubles one. */
export const firstCheckOf = (job: Pick<EligibilityRetryJob, 'retryOf' | 'firstCheckId'>): string => job.firstCheckId ?? job.retryOf;

export const EligibilityRetryQueue = defineJobQueue<EligibilityRetryJob>({
  name: 'insurance-eligibility-retry',
  jobId: (d) => `eligibility-retry_${firstCheckOf(d)}_${d.attempt}`,
  // Attempts of the job itself (the database or Redis down, the patient not known yet), not of the payer.
  attempts: 8,
  backoffMs: 2000,
});
