import { z } from 'zod';
import { dataKeysEnv, jobsEnv } from '@clinic-flow/messaging';
import { env, serviceConfigSchema } from '@clinic-flow/platform';

export const configSchema = serviceConfigSchema.extend({
  PORT: env.port(3104),
  MONGO_DB: z.string().default('clinic_billing'),
  SEED_DEMO_DATA: env.bool(false),
  /** Redis of billing's jobs (BullMQ): claim submission and acknowledgements, the pay cycle's remittances, statements and dunning. */
  REDIS_URL: env.redisUrl(),
  ...jobsEnv,
  /** Patient-records: the patient and guarantor a claim or statement names, asked as the caller (or as the service for jobs). */
  PATIENT_RECORDS_URL: env.httpUrl(),
  PATIENT_RECORDS_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** The ICD-10-CM index (NDJSON) infra/components/icd10cm.js provisions: encounter diagnoses, and the scrubber's codes and Excludes1 pairs. */
  ICD10CM_PATH: z.string().min(1),
  /** Insurance: the visit's coverages (primary, secondary), payers, authorizations and the check-in estimate. */
  INSURANCE_URL: env.httpUrl(),
  INSURANCE_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** The clearinghouse's X12 endpoint (837P out; 999, 277CA and 835 back); the local simulator in dev and tests. */
  CLEARINGHOUSE_URL: env.httpUrl(),
  CLEARINGHOUSE_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  /** The card processor (payment adapter): the local card simulator (infra/payments) in dev and tests. */
  PAYMENTS_URL: env.httpUrl(),
  PAYMENTS_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * Statements and dunning: days from the first statement to the reminder, the final notice and the
   * collections review flag (ISO durations so tests run them in seconds), how long a statement
   * gives to pay, and how often the statement tick looks for accounts due.
   */
  DUNNING_INTERVALS: z.string().default('P30D,P60D,P90D'),
  STATEMENT_DUE_AFTER: z.string().default('P30D'),
  STATEMENT_TICK_EVERY: z.string().default('PT1H'),
  /** The payment plans' tick: how often due installments are charged. */
  PAYMENT_PLAN_TICK_EVERY: z.string().default('PT1H'),
  /** Data keys: encounters, claims and accounts name patients and guarantors, stored sealed (README "Keys and encryption at rest"). */
  ...dataKeysEnv,
});
export type BillingConfig = z.infer<typeof configSchema>;
