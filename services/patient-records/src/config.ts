import { z } from 'zod';
import { env, serviceConfigSchema } from '@clinic-flow/platform';

export const configSchema = serviceConfigSchema.extend({
  PORT: env.port(3102),
  MONGO_DB: z.string().default('clinic_patient_records'),
  OUTBOX_POLL_MS: z.coerce.number().int().positive().default(1000),
});
export type PatientRecordsConfig = z.infer<typeof configSchema>;
