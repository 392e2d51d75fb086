import { Job } from 'bullmq';
import { jobWorker } from '@clinic-flow/messaging';
import { EligibilityBookingJob, EligibilityBookingQueue } from './eligibility-booking.queue';
import { EligibilityRetryJob, EligibilityRetryQueue } from './eligibility-retry.queue';
import { VisitChecksService } from './visit-checks.service';

/** Runs one booking job (exported for tests): every coverage of the visit's patient, checked for its date. */
export function execBooking(job: Job<EligibilityBookingJob>, checks: VisitChecksService): Promise<string> {
  return checks.checkBookedVisit(job.data.appointmentId, job.data.dateOfService);
}

/** Runs one retry job (exported for tests). */
export function execRetry(job: Job<EligibilityRetryJob>, checks: VisitChecksService): Promise<string> {
  return checks.retry(job.data);
}

/** A booking job that fails for good leaves the visit "not checked": the nightly batch checks it the night before. */
export const eligibilityBookingWorker = jobWorker(EligibilityBookingQueue, { inject: [VisitChecksService], concurrency: 4, exec: execBooking });

/** A retry that fails for good leaves the last recorded check (payer unavailable) for the desk. */
export const eligibilityRetryWorker = jobWorker(EligibilityRetryQueue, { inject: [VisitChecksService], concurrency: 4, exec: execRetry });
