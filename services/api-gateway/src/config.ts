import { z } from 'zod';
import { ROLES } from '@clinic-flow/auth';
import { DEFAULT_DEMO_PASSWORD } from '@clinic-flow/demo-data';
import { env, serviceConfigSchema } from '@clinic-flow/platform';

const roleList = env.csv().pipe(z.array(z.enum(ROLES)));

/** The gateway: the public edge, sign-in and staff accounts (it publishes their events). */
export const configSchema = serviceConfigSchema.extend({
  PORT: env.port(3000),
  HOST: z.string().default('0.0.0.0'),
  MONGO_DB: z.string().default('clinic_gateway'),
  /** The private key access tokens are signed with (one EC P-256 JWK with a kid); its public half must be in JWT_PUBLIC_KEYS. */
  JWT_PRIVATE_KEY: env.jwk(),
  /** Access tokens are short: a deactivation or role change reaches the services behind the gateway within this time. */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(24 * 3600).default(300),
  /** A sign-in's refresh tokens work this long after the sign-in (then log in again). */
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(12 * 3600),
  /** How long the gateway trusts what it read of a user's status (active, last change) before reading it again. */
  USER_STATUS_CACHE_SECONDS: z.coerce.number().min(0).max(30, 'at most 30 seconds: revocation must take effect within a minute').default(30),
  /** Failed sign-ins of one account before the first wait; the wait doubles from SIGNIN_THROTTLE_BASE_SECONDS up to SIGNIN_THROTTLE_MAX_SECONDS. */
  SIGNIN_ACCOUNT_THRESHOLD: z.coerce.number().int().min(1).default(5),
  /** Failed sign-ins from one client address (any accounts) before the first wait. */
  SIGNIN_ADDRESS_THRESHOLD: z.coerce.number().int().min(1).default(20),
  SIGNIN_THROTTLE_BASE_SECONDS: z.coerce.number().int().min(1).default(5),
  SIGNIN_THROTTLE_MAX_SECONDS: z.coerce.number().int().min(1).max(24 * 3600).default(900),
  SIGNIN_THROTTLE_FORGET_SECONDS: z.coerce.number().int().min(60).default(3600),
  /** Roles that must sign in with a TOTP second factor. */
  TOTP_REQUIRED_ROLES: roleList.default('office-manager,billing-coder'),
  /** How long the second sign-in step may take. */
  SECOND_FACTOR_CHALLENGE_SECONDS: z.coerce.number().int().min(30).max(900).default(300),
  /**
   * Express "trust proxy": which proxies' X-Forwarded-For to believe for the client address
   * (e.g. `loopback`, `10.0.0.0/8`, a hop count); `false` = the socket's address.
   */
  TRUST_PROXY: z.string().default('false'),
  /** Browser origins allowed to call the API (comma-separated); empty = no cross-origin access. */
  CORS_ORIGINS: env.csv().pipe(z.array(z.string().url('each origin must be a URL, e.g. https://clinic.example.org'))).default(''),
  SCHEDULING_URL: env.httpUrl(),
  PATIENT_RECORDS_URL: env.httpUrl(),
  INSURANCE_URL: env.httpUrl(),
  BILLING_URL: env.httpUrl(),
  NOTIFICATION_URL: env.httpUrl(),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(10000),
  /** Sweep for account events a crash left unpublished (the normal path publishes right after the write). */
  OUTBOX_SWEEP_MS: z.coerce.number().int().positive().default(30_000),
  SEED_DEMO_DATA: env.bool(false),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default(DEFAULT_DEMO_PASSWORD),
});
export type GatewayConfig = z.infer<typeof configSchema>;
