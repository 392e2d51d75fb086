import { Duration } from 'luxon';
import { z } from 'zod';
import { dataKeysEnv, jobsEnv } from '@clinic-flow/messaging';
import { env, serviceConfigSchema } from '@clinic-flow/platform';

export const configSchema = serviceConfigSchema.extend({
  PORT: env.port(3103),
  MONGO_DB: z.string().default('clinic_insurance'),
  SEED_DEMO_DATA: env.bool(false),
  /** Redis of the eligibility and authorization jobs (BullMQ): booking-triggered checks, retries, nightly batches. */
  REDIS_URL: env.redisUrl(),
  ...jobsEnv,
  /** Coverages: whether the patient exists and the caller may see them is asked of patient-records, as the caller. */
  PATIENT_RECORDS_URL: env.httpUrl(),
  PATIENT_RECORDS_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** The clearinghouse's X12 HTTP endpoint (POST /x12/realtime); the local simulator in dev and tests. */
  CLEARINGHOUSE_URL: env.httpUrl(),
  /** Real-time eligibility answer deadline (CORE allows 20 s); past it the payer is recorded unavailable. */
  CLEARINGHOUSE_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  /** Our ISA06 sender id and the clearinghouse's ISA08 receiver id. */
  X12_SENDER_ID: z.string().min(1).max(15).default('CLINICFLOW'),
  X12_RECEIVER_ID: z.string().min(1).max(15).default('CLEARHOUSE'),
  /** The billing provider named in 270s (NM1*1P/FA): organization name and NPI (check digit validated). */
  ELIGIBILITY_PROVIDER_NAME: z.string().min(1).default('CLINIC FLOW MEDICAL GROUP'),
  ELIGIBILITY_PROVIDER_NPI: z.string().regex(/^\d{10}$/).default('1234567893'),
  /** TRN03 of our 270s: '9' + an id we assign (10 characters). */
  X12_TRACE_ORIGINATOR_ID: z.string().length(10).default('9CLINICFLW'),
  // Eligibility that runs by itself (README "Eligibility: when it runs").
  /** A payer that is down is asked again after each of these (ISO-8601 durations); after the last the check stays needs-attention. */
  ELIGIBILITY_RETRY_DELAYS: z
    .string()
    .default('PT5M,PT15M,PT1H,PT4H')
    .transform((value, ctx) => {
      const delays = value.split(',').map((d) => Duration.fromISO(d.trim()));
      if (delays.some((d) => !d.isValid || d.toMillis() <= 0)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'a comma-separated list of positive ISO-8601 durations, e.g. PT5M,PT15M,PT1H,PT4H' });
        return z.NEVER;
      }
      return delays.map((d) => d.toMillis());
    }),
  /** Booking checks visits whose date of service is from today up to this many days ahead (site-local). */
  ELIGIBILITY_BOOKING_WINDOW_DAYS: z.coerce.number().int().min(0).default(30),
  /** The nightly batch's local time at each site (HH:mm, the site's time zone), Monday to Friday, for the next business day. */
  ELIGIBILITY_BATCH_AT: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default('02:00'),
  /** How often the nightly clock looks whether a site's batch time has come (one tick for every site and zone). */
  ELIGIBILITY_BATCH_TICK_MS: z.coerce.number().int().min(1000).default(5 * 60_000),
  /** How long a batch waits for the clearinghouse's 271s before the unanswered inquiries are recorded needs-attention. */
  ELIGIBILITY_BATCH_WAIT_MS: z.coerce.number().int().positive().default(30 * 60_000),
  /** Estimates (what the patient will owe): an eligibility check older than this is warned about. */
  ESTIMATE_CHECK_MAX_AGE_DAYS: z.coerce.number().int().positive().default(30),
  /** Good Faith Estimates name the provider (ELIGIBILITY_PROVIDER_NAME / _NPI) and its tax id; the facility is the site, with its own NPI and TIN when set. */
  BILLING_PROVIDER_TIN: z.string().regex(/^\d{2}-\d{7}$/).default('12-3456789'),
  FACILITY_NPI: z.string().regex(/^\d{10}$/).optional(),
  FACILITY_TIN: z.string().regex(/^\d{2}-\d{7}$/).optional(),
  /** Data keys: coverages' subscriber, member and group numbers are stored sealed (README "Keys and encryption at rest"). */
  ...dataKeysEnv,
});
export type InsuranceConfig = z.infer<typeof configSchema>;
