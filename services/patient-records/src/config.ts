import { Duration } from 'luxon';
import { z } from 'zod';
import { env, serviceConfigSchema } from '@clinic-flow/platform';

export const configSchema = serviceConfigSchema.extend({
  PORT: env.port(3102),
  MONGO_DB: z.string().default('clinic_patient_records'),
  /** Register the demo patients (those of scheduling's demo bookings); idempotent. */
  SEED_DEMO_DATA: env.bool(false),
  /** Sweep for events a crash left unpublished (the normal path publishes right after the write). */
  OUTBOX_SWEEP_MS: z.coerce.number().int().positive().default(30_000),
  /** How long after a merge it may be undone (ISO-8601 duration; the e2e system shortens it to seconds). */
  PATIENT_MERGE_UNDO_WINDOW: z
    .string()
    .refine((d) => Duration.fromISO(d).isValid && Duration.fromISO(d).toMillis() > 0, 'must be a positive ISO-8601 duration, e.g. P30D')
    .default('P30D'),
});
export type PatientRecordsConfig = z.infer<typeof configSchema>;
