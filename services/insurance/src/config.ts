import { z } from 'zod';
import { dataKeysEnv } from '@clinic-flow/messaging';
import { env, serviceConfigSchema } from '@clinic-flow/platform';

export const configSchema = serviceConfigSchema.extend({
  PORT: env.port(3103),
  MONGO_DB: z.string().default('clinic_insurance'),
  SEED_DEMO_DATA: env.bool(false),
  /** Coverages: whether the patient exists and the caller may see them is asked of patient-records, as the caller. */
  PATIENT_RECORDS_URL: env.httpUrl(),
  PATIENT_RECORDS_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** Data keys: coverages' subscriber, member and group numbers are stored sealed (README "Keys and encryption at rest"). */
  ...dataKeysEnv,
});
export type InsuranceConfig = z.infer<typeof configSchema>;
