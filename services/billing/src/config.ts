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
  /** Billing's ISA06/GS02 on its 837s (its own interchange control number sequence, apart from insurance's) and the clearinghouse's ISA08. */
  X12_SENDER_ID: z.string().min(1).max(15).default('CLINICFLOWBILL'),
  X12_RECEIVER_ID: z.string().min(1).max(15).default('CLEARHOUSE'),
  /** The 837's submitter (1000A) contact. */
  X12_SUBMITTER_NAME: z.string().min(1).max(60).default('CLINIC FLOW BILLING'),
  X12_SUBMITTER_PHONE: z.string().regex(/^\d{10}$/).default('5555550100'),
  /** Claims the clearinghouse could not take are sent again after these delays (ISO durations), then left ready-to-submit for a person. */
  CLAIM_SUBMIT_RETRY_DELAYS: z.string().default('PT1M,PT5M,PT30M,PT2H'),
  /** How often the clearinghouse's reports (277CA, 835) are fetched; POST /clearinghouse/poll fetches now. */
  CLEARINGHOUSE_POLL_EVERY: z.string().default('PT5M'),
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
