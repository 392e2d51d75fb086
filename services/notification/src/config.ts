import { Duration } from 'luxon';
import { z } from 'zod';
import { env, serviceConfigSchema } from '@clinic-flow/platform';

const isoDurations = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .refine((list) => list.length > 0, 'at least one ISO-8601 duration, e.g. P2D,PT2H')
  .refine((list) => list.every((d) => Duration.fromISO(d).isValid && Duration.fromISO(d).toMillis() > 0), 'each entry must be a positive ISO-8601 duration, e.g. P2D or PT2H');

export const configSchema = serviceConfigSchema.extend({
  PORT: env.port(3105),
  MONGO_DB: z.string().default('clinic_notification'),
  REDIS_URL: env.redisUrl(),
  SMTP_URL: z.string({ required_error: 'Required' }).regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL'),
  MAIL_FROM: z.string().default('Clinic Flow <no-reply@clinic-flow.local>'),
  SMS_API_URL: env.httpUrl(),
  /** Reminders go out at these offsets before the appointment start. */
  REMINDER_OFFSETS: isoDurations.default('P2D,PT2H'),
  REMINDER_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  REMINDER_BACKOFF_MS: z.coerce.number().int().positive().default(5000),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(10),
  /** Sweep for events a crash left unpublished (the normal path publishes right after the write). */
  OUTBOX_SWEEP_MS: z.coerce.number().int().positive().default(30_000),
});
export type NotificationConfig = z.infer<typeof configSchema>;
