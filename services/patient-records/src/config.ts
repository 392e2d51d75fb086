import { z } from 'zod';
import { env, serviceConfigSchema } from '@clinic-flow/platform';

export const configSchema = serviceConfigSchema.extend({
  PORT: env.port(3102),
  MONGO_DB: z.string().default('clinic_patient_records'),
  /** Register the demo patients (those of scheduling's demo bookings); idempotent. */
  SEED_DEMO_DATA: env.bool(false),
  /** Sweep for events a crash left unpublished (the normal path publishes right after the write). */
  /** The ICD-10-CM index (NDJSON) infra/components/icd10cm.js provisions; problems are validated against it. */
  ICD10CM_PATH: z.string().min(1),
  OUTBOX_SWEEP_MS: z.coerce.number().int().positive().default(30_000),
});
export type PatientRecordsConfig = z.infer<typeof configSchema>;
