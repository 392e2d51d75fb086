import { z } from 'zod';
import { dataKeysEnv, jobsEnv } from '@clinic-flow/messaging';
import { env, serviceConfigSchema } from '@clinic-flow/platform';

export const configSchema = serviceConfigSchema.extend({
  PORT: env.port(3101),
  MONGO_DB: z.string().default('clinic_scheduling'),
  /** Appointment starts and lengths snap to this grid; also the granularity of slot claims. Fix it per deployment. */
  SCHEDULING_GRID_MINUTES: z.coerce.number().int().refine((v) => [1, 5, 10, 15].includes(v), 'must be 1, 5, 10 or 15').default(5),
  SEED_DEMO_DATA: env.bool(false),
  /** Sweep for events a crash left unpublished (the normal path publishes right after the write). */
  OUTBOX_SWEEP_MS: z.coerce.number().int().positive().default(30_000),
  /** Calendar set-up and busy time read by slot search are cached this long (writes here invalidate at once; 0 = off). */
  SCHEDULING_CACHE_MS: z.coerce.number().int().min(0).default(60_000),
  /** Asked whether a patient exists when the patients projection has not caught up yet. */
  PATIENT_RECORDS_URL: env.httpUrl(),
  PATIENT_RECORDS_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** Booking asks insurance whether the primary payer blocks the visit without a prior authorization; no answer in time: book. */
  INSURANCE_URL: env.httpUrl(),
  INSURANCE_TIMEOUT_MS: z.coerce.number().int().positive().default(1500),
  /** BullMQ: automatic no-show marking and waitlist offer expiry. */
  REDIS_URL: env.redisUrl(),
  ...jobsEnv,
  /** Data keys: the copy of patients' names and visit reasons are stored sealed under them. */
  ...dataKeysEnv,
  /** An appointment nobody checked in for is marked no-show this long after its start (fractions allowed). */
  NO_SHOW_AFTER_MINUTES: z.coerce.number().positive().max(1440).default(30),
  /** How long a waitlisted patient may take up a freed slot before it goes to the next one (fractions allowed). */
  WAITLIST_OFFER_TTL_MINUTES: z.coerce.number().positive().max(10080).default(120),
});
export type SchedulingConfig = z.infer<typeof configSchema>;
