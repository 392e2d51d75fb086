import { Duration } from 'luxon';
import { z } from 'zod';
import { dataKeysEnv, jobsEnv } from '@clinic-flow/messaging';
import { env, serviceConfigSchema } from '@clinic-flow/platform';
import { parseAnalyticsConsumers } from './analytics/analytics.rules';
import { parseChaseAfter } from './referrals/referrals.rules';

export const configSchema = serviceConfigSchema.extend({
  PORT: env.port(3102),
  MONGO_DB: z.string().default('clinic_patient_records'),
  /** Register the demo patients (those of scheduling's demo bookings); idempotent. */
  SEED_DEMO_DATA: env.bool(false),
  /** The ICD-10-CM index (NDJSON) infra/components/icd10cm.js provisions; problems are validated against it. */
  ICD10CM_PATH: z.string().min(1),
  /** Sweep for events a crash left unpublished (the normal path publishes right after the write). */
  OUTBOX_SWEEP_MS: z.coerce.number().int().positive().default(30_000),
  // Documents (issue 9): patients' download links and the sweep of content a crash left behind.
  /** The gateway as patients reach it; document download links point here. */
  PUBLIC_BASE_URL: env.httpUrl().default('http://localhost:3000'),
  /** The service's own secret, from which the document link key is derived when it is not set itself. */
  PATIENT_RECORDS_SECRET: env.secret(),
  /** HMAC key of document download links (default: derived from PATIENT_RECORDS_SECRET). */
  DOCUMENT_LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** How long a patient's download link works unless its creator says otherwise (default 7 days). */
  DOCUMENT_LINK_TTL_SECONDS: z.coerce.number().int().min(5).max(30 * 24 * 3600).default(7 * 24 * 3600),
  /** How often content no document names (an upload cut short by a crash) is looked for and removed. */
  DOCUMENT_SWEEP_MS: z.coerce.number().int().positive().default(15 * 60_000),
  /** Content younger than this is never swept: its upload may still be running. */
  DOCUMENT_ORPHAN_AGE_MS: z.coerce.number().int().positive().default(60 * 60_000),
  /** How long after a merge it may be undone (ISO-8601 duration; the e2e system shortens it to seconds). */
  PATIENT_MERGE_UNDO_WINDOW: z
    .string()
    .refine((d) => Duration.fromISO(d).isValid && Duration.fromISO(d).toMillis() > 0, 'must be a positive ISO-8601 duration, e.g. P30D')
    .default('P30D'),
  /** How long a record opened by breaking the glass stays open for the user who did it (minutes). */
  BREAK_GLASS_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  /**
   * Registered analytics consumers, `name[:week|month|year]` comma-separated: each gets its own
   * de-identified topics `clinic.analytics.<name>.<stream>.v1` with pseudonyms keyed for it alone
   * (derived from PATIENT_RECORDS_SECRET and its name). Empty: no analytics streams.
   */
  ANALYTICS_CONSUMERS: z
    .string()
    .default('')
    .superRefine((value, ctx) => {
      try {
        parseAnalyticsConsumers(value, 'x'.repeat(32));
      } catch (error) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
      }
    }),
  /** BullMQ: the referral chase timers. */
  REDIS_URL: env.redisUrl(),
  ...jobsEnv,
  /** Data keys: patient data is stored sealed under them (README "Keys and encryption at rest"). */
  ...dataKeysEnv,
  /**
   * How long a referral may wait for its next step before the desk gets a task (and the patient a
   * reminder): one ISO-8601 duration for every step, optionally followed by per-step ones, e.g.
   * `P14D` or `P14D,sent=P10D,appointment-known=P30D`.
   */
  REFERRAL_CHASE_AFTER: z
    .string()
    .default('P14D')
    .transform((value, ctx) => {
      try {
        return parseChaseAfter(value);
      } catch (error) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
        return z.NEVER;
      }
    }),
});
export type PatientRecordsConfig = z.infer<typeof configSchema>;
