import { z } from 'zod';

/** Raised when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  - ${issues.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once at boot into a typed object. Every problem names the variable,
 * e.g. "KAFKA_BROKERS: Required", so an operator knows what to fix.
 */
export function loadConfig<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  return result.data;
}

const csv = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Env fragments shared by every service; each service's config.ts extends what it needs. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  kafkaBrokers: () =>
    z
      .string({ required_error: 'Required (comma-separated host:port list)' })
      .transform(csv)
      .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'each broker must be host:port')).min(1)),
  mongoUrl: () => z.string({ required_error: 'Required' }).regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL'),
  redisUrl: () => z.string({ required_error: 'Required' }).regex(/^rediss?:\/\//, 'must be a redis:// URL'),
  httpUrl: () => z.string({ required_error: 'Required' }).url('must be an http(s) URL'),
  secret: () => z.string({ required_error: 'Required' }).min(32, 'must be at least 32 characters'),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1'),
  csv: () => z.string().transform(csv),
  /** A JSON Web Key Set (`{"keys":[...]}`); libs/auth checks the keys themselves at start. */
  jwkSet: () =>
    z
      .string({ required_error: 'Required (a JSON Web Key Set of the token public keys, {"keys":[...]})' })
      .refine((v) => {
        try {
          const set = JSON.parse(v) as { keys?: unknown };
          return Array.isArray(set.keys) && set.keys.length > 0;
        } catch {
          return false;
        }
      }, 'must be a JSON Web Key Set with at least one key, {"keys":[...]}'),
  /** One JSON Web Key with its private part. */
  jwk: () =>
    z
      .string({ required_error: 'Required (a JSON Web Key with its private part)' })
      .refine((v) => {
        try {
          const key = JSON.parse(v) as { kty?: unknown; d?: unknown };
          return typeof key.kty === 'string' && typeof key.d === 'string';
        } catch {
          return false;
        }
      }, 'must be one JSON Web Key with its private part (d)'),
};

/** Config every NestJS service in Clinic Flow needs. */
export const serviceConfigSchema = z.object({
  PORT: env.port(3000),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: env.logLevel(),
  KAFKA_BROKERS: env.kafkaBrokers(),
  MONGO_URL: env.mongoUrl(),
  /** Public keys access tokens are verified with (the gateway alone holds the private key). */
  JWT_PUBLIC_KEYS: env.jwkSet(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(15000),
  /**
   * Handled event ids are kept this long in the inbox, then pruned. Must be longer than the domain
   * topics' retention (30 days; checked at start), so a replay from the beginning is still skipped.
   */
  INBOX_RETENTION_DAYS: z.coerce.number().int().positive().default(45),
  /** How often the inbox is pruned, in the background (0 = never). */
  INBOX_PRUNE_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
  /** Ids deleted per batch (one round of deletes by _id, then a pause), so pruning never holds the database for long. */
  INBOX_PRUNE_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
  /**
   * This process's audit chain is `<service>:<AUDIT_INSTANCE_ID>` (default: the host name). Give
   * each instance of a service its own, stable across restarts, so it resumes its own chain.
   */
  AUDIT_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash or underscore (up to 64)')
    .optional(),
});
export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
