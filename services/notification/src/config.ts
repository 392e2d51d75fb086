import { createHmac } from 'node:crypto';
import { Duration } from 'luxon';
import { z } from 'zod';
import { dataKeysEnv, jobsEnv } from '@clinic-flow/messaging';
import { env, serviceConfigSchema } from '@clinic-flow/platform';
import { parseQuietHours } from './policies/policies.rules';

const isoDuration = z
  .string()
  .refine((d) => Duration.fromISO(d).isValid && Duration.fromISO(d).toMillis() > 0, 'must be a positive ISO-8601 duration, e.g. P2D or PT2H');

const isoDurations = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .refine((list) => list.length > 0, 'at least one ISO-8601 duration, e.g. P2D,PT2H')
  .refine((list) => list.every((d) => Duration.fromISO(d).isValid && Duration.fromISO(d).toMillis() > 0), 'each entry must be a positive ISO-8601 duration, e.g. P2D or PT2H');

/** `21:00-08:00` (site time), or `off`. */
const quietHours = z
  .string()
  .refine((v) => v === 'off' || parseQuietHours(v) !== null, 'must be HH:mm-HH:mm in the site time zone (e.g. 21:00-08:00) or off')
  .transform((v) => (v === 'off' ? null : parseQuietHours(v)));

export const configSchema = serviceConfigSchema
  .extend({
    PORT: env.port(3105),
    /** Learn the demo staff accounts (the gateway seeds them without account events), for break-the-glass notices to their office managers. */
    SEED_DEMO_DATA: env.bool(false),
    MONGO_DB: z.string().default('clinic_notification'),
    REDIS_URL: env.redisUrl(),
    /** Email provider: any SMTP relay (MailDev in dev and tests). */
    SMTP_URL: z.string({ required_error: 'Required' }).regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL'),
    MAIL_FROM: z.string().default('Clinic Flow <no-reply@clinic-flow.local>'),
    /** SMS provider adapter; `http` speaks the provider API of infra/sms-sink (POST /messages with an idempotency key). */
    SMS_PROVIDER: z.enum(['http']).default('http'),
    SMS_API_URL: env.httpUrl(),
    /** Sent as a bearer token to the SMS provider, when set. */
    SMS_API_KEY: z.string().optional(),
    SMS_FROM: z.string().default('+15550100999'),
    /** Default reminder policy when no stored `default` policy exists: offsets before the start. */
    REMINDER_OFFSETS: isoDurations.default('P2D,PT2H'),
    /** Default quiet hours in each site's time zone; `off` for none. */
    QUIET_HOURS: quietHours.default('21:00-08:00'),
    /** `second` lets stored quiet hours be HH:mm:ss (tests, so they need not wait for a minute boundary). */
    QUIET_HOURS_PRECISION: z.enum(['minute', 'second']).default('minute'),
    REMINDER_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    REMINDER_BACKOFF_MS: z.coerce.number().int().positive().default(5000),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(10),
    /** BullMQ key prefix (separate prefixes keep test runs on one Redis apart). */
    QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('bull'),
    ...jobsEnv,
    /** Data keys: the contact copy and messages are stored sealed under them; reply phone numbers are blind indexes. */
    ...dataKeysEnv,
    /** A "sending" marker older than this is taken as a crash mid-send (see IdempotentChannel). */
    SEND_LEASE_MS: z.coerce.number().int().positive().default(60_000),
    /**
     * A message `sending` this long with no job left to finish it (its worker died and Redis lost
     * or ended the job) is resolved by the reconciler: recorded sent, resent or marked uncertain
     * (see resolveStuckSend). At least SEND_LEASE_MS.
     */
    SEND_STUCK_AFTER_MS: z.coerce.number().int().positive().default(120_000),
    /** Post-visit follow-up this long after check-out. */
    FOLLOW_UP_DELAY: isoDuration.default('P1D'),
    /** Recall reminders go out this long before the recall date, at RECALL_SEND_TIME site time. */
    RECALL_LEAD: isoDuration.default('P14D'),
    RECALL_SEND_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm').default('09:00'),
    /** The gateway as patients reach it; confirm / cancel links point here. */
    PUBLIC_BASE_URL: env.httpUrl().default('http://localhost:3000'),
    /**
     * The notification service's own secret, from which the link and webhook keys below are
     * derived when they are not set themselves (it used to be the shared token secret; tokens
     * are now signed with the gateway's private key, so this secret belongs to notification alone).
     */
    NOTIFICATION_SECRET: env.secret(),
    /** HMAC key of confirm / cancel links (default: derived from NOTIFICATION_SECRET). */
    RESPONSE_LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Shared secret the SMS provider signs inbound webhooks with (default: derived from NOTIFICATION_SECRET). */
    SMS_INBOUND_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    /** When set, registered with the SMS provider at start as the inbound (reply) webhook. */
    SMS_INBOUND_WEBHOOK_URL: env.httpUrl().optional(),
    /** Sweep for events a crash left unpublished (the normal path publishes right after the write). */
    OUTBOX_SWEEP_MS: z.coerce.number().int().positive().default(30_000),
  })
  .transform((c) => ({
    ...c,
    RESPONSE_LINK_SECRET: c.RESPONSE_LINK_SECRET ?? derivedSecret(c.NOTIFICATION_SECRET, 'response-links'),
    SMS_INBOUND_SECRET: c.SMS_INBOUND_SECRET ?? derivedSecret(c.NOTIFICATION_SECRET, 'sms-inbound-webhook'),
  }));
export type NotificationConfig = z.infer<typeof configSchema>;

/** A purpose-bound key from the service secret, so one leaked link key does not sign tokens. */
export function derivedSecret(base: string, purpose: string): string {
  return createHmac('sha256', base).update(purpose).digest('base64url');
}
