import { defineJobQueue } from '@clinic-flow/messaging';

/** A booked (or moved) visit to check: every coverage of the patient active on its date. Ids only. */
export interface EligibilityBookingJob {
  appointmentId: string;
  dateOfService: string;
  correlationId: string;
}

export const EligibilityBookingQueue = defineJobQueue<EligibilityBookingJob>({
  name: 'insurance-eligibility-booking',
  // One job per visit and date: a redelivered booking event plans nothing more.
  jobId: (d) => `eligibility-booking_${d.appointmentId}_${d.dateOfService}`,
  // A patient registered a moment before the booking may not be in the projection yet: wait for it (about 17 minutes in all).
  attempts: 10,
  backoffMs: 1000,
});
