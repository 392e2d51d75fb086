import { randomUUID } from 'node:crypto';
import { defineJobQueue, jobSource } from '@clinic-flow/messaging';
import { EligibilityBatchesRepository } from './eligibility-batches.repository';

/** A batch to run (plan its inquiries, send them in one interchange, record every answer). */
export interface EligibilityBatchJob {
  batchId: string;
  correlationId: string;
}

export const EligibilityBatchQueue = defineJobQueue<EligibilityBatchJob>({
  name: 'insurance-eligibility-batch',
  jobId: (d) => `eligibility-batch_${d.batchId}`,
  // Attempts of the job (database, Redis, a patient not in the projection yet); payer trouble is recorded, not retried here.
  attempts: 6,
  backoffMs: 5000,
});

/** The nightly clock: each tick plans every site's batch whose local time has come (idempotent per site, date and run). */
export interface EligibilityNightlyTick {
  correlationId: string;
}

export const EligibilityNightlyQueue = defineJobQueue<EligibilityNightlyTick>({
  name: 'insurance-eligibility-nightly',
  jobId: () => 'eligibility-nightly',
  attempts: 3,
  backoffMs: 10_000,
});

/** A batch not done has its job (see JobReconciler): a batch Redis lost runs when it is added back (it resumes from what it recorded). */
export const eligibilityBatchSource = jobSource(EligibilityBatchQueue, {
  inject: [EligibilityBatchesRepository],
  planned: async (batches: EligibilityBatchesRepository) => (await batches.listUnfinished()).map((b) => ({ data: { batchId: b._id, correlationId: randomUUID() }, dueAt: new Date() })),
});
