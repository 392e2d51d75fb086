import path from 'node:path';

/* The test profile of the project's own infrastructure manager (infra/infra.js). */
const infra = require(path.resolve(__dirname, '../../../infra/infra.js')) as {
  profile(name: string): { stateDir: string; env: Record<string, string>; ports: Record<string, number>; portOffset: number };
  up(name: string, opts?: { fresh?: boolean; log?: (line: string) => void }): Promise<unknown>;
};
const system = require(path.resolve(__dirname, '../../../infra/run/system.js')) as {
  servicePorts(profile: string): Record<string, number>;
  startSystem(profile: string, opts?: { overrides?: Record<string, Record<string, string>>; log?: (line: string) => void; timeoutMs?: number }): Promise<SystemHandle>;
};

const registry = require(path.resolve(__dirname, '../../../infra/services.js')) as {
  SERVICES: Array<{ name: string; port: number; infra: string[]; calls: string[] }>;
};

/** The services of the system, from the one registry (infra/services.js). */
export function registeredServices(): Array<{ name: string; port: number; infra: string[]; calls: string[] }> {
  return registry.SERVICES;
}

export interface SystemHandle {
  ports: Record<string, number>;
  logDir: string;
  children: Map<string, { pid?: number; kill(signal?: string): boolean }>;
  stop(opts?: { graceMs?: number }): Promise<void>;
}

/** `test` unless CLINIC_FLOW_TEST_PROFILE picks test-a|b|c (own ports and state) to run suites side by side. */
export const TEST_PROFILE = process.env.CLINIC_FLOW_TEST_PROFILE || 'test';

/** Connection settings of the test infrastructure (Kafka, MongoDB, Redis, mail, SMS). */
export function testInfraEnv(): Record<string, string> {
  return infra.profile(TEST_PROFILE).env;
}

/** Where the test profile keeps its state (data, logs/services/*.log). */
export function testStateDir(): string {
  return infra.profile(TEST_PROFILE).stateDir;
}

export function startTestInfra(): Promise<unknown> {
  return infra.up(TEST_PROFILE, { log: () => undefined });
}

export function gatewayUrl(): string {
  return `http://127.0.0.1:${system.servicePorts(TEST_PROFILE)['api-gateway']}`;
}

export function servicePorts(): Record<string, number> {
  return system.servicePorts(TEST_PROFILE);
}

/** Settings of the e2e system: a 1-minute grid and a 30 s reminder offset keep tests short. */
/** A job of a killed worker is taken over in seconds (BullMQ's defaults take up to a minute). */
export const E2E_JOB_TIMING = { JOBS_LOCK_DURATION_MS: '3000', JOBS_STALLED_INTERVAL_MS: '1000' };

const otlpReceiver = require(path.resolve(__dirname, '../../../infra/lib/otlp-receiver.js')) as { otlpReceiverPort(profile: { portOffset: number }): number };

/** Where the e2e system sends its spans: the test receiver on the profile's port (see traces.ts). */
export function otlpReceiverUrl(): string {
  return `http://127.0.0.1:${otlpReceiver.otlpReceiverPort(infra.profile(TEST_PROFILE))}`;
}

export const E2E_OVERRIDES = {
  // Services see a rotated data key file within half a second (encryption-at-rest e2e).
  // Every service exports its spans to the e2e run's OTLP receiver (libs/testing traces.ts) every 200 ms,
  // buffering up to 20,000 (no span of a busy run dropped, so a test's trace is whole).
  '*': { LOG_LEVEL: 'info', DATA_KEYS_POLL_MS: '500', OTEL_EXPORTER_OTLP_ENDPOINT: otlpReceiverUrl(), OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_BSP_MAX_QUEUE_SIZE: '20000' },
  // Access tokens for an hour (e2e files run for minutes and do not refresh); the user-status cache
  // for 2 s, so revocation tests wait seconds; X-Forwarded-For from the test process counts, so a
  // throttling test has client addresses of its own and never slows the other files' sign-ins.
  // One allowed browser origin, to test the CORS policy.
  'api-gateway': { ACCESS_TOKEN_TTL_SECONDS: '3600', USER_STATUS_CACHE_SECONDS: '2', TRUST_PROXY: 'loopback', CORS_ORIGINS: 'http://localhost:5173' },
  scheduling: { SCHEDULING_GRID_MINUTES: '1', NO_SHOW_AFTER_MINUTES: '0.25', WAITLIST_OFFER_TTL_MINUTES: '0.25', ...E2E_JOB_TIMING },
  // Referrals are chased 20 s after a step without the next one (REFERRAL_CHASE_AFTER), so a test sees a chase;
  // a merge can be undone for 40 s instead of 30 days, so a test sees the window close.
  'patient-records': { REFERRAL_CHASE_AFTER: 'PT20S', PATIENT_MERGE_UNDO_WINDOW: 'PT40S', PUBLIC_BASE_URL: gatewayUrl(), ...E2E_JOB_TIMING },
  // Insurance: eligibility and authorization jobs with short locks (helpers of issue 11 add their timings here).
  // Eligibility (helper G): a payer that is down is asked again after 2 s and 4 s; a real-time answer
  // is awaited 4 s (the simulator's slow member answers in 2 s, its timing-out one never); a batch
  // waits 20 s for its 271s.
  insurance: { ...E2E_JOB_TIMING, ELIGIBILITY_RETRY_DELAYS: 'PT2S,PT4S', CLEARINGHOUSE_TIMEOUT_MS: '4000', ELIGIBILITY_BATCH_WAIT_MS: '20000' },
  // Billing accounts: the dunning sequence in seconds (reminder 8 s, final notice 20 s, collections review 30 s
  // after the first statement), the statement and payment plan ticks every 2 s, a card processor answer awaited 2 s.
  billing: { ...E2E_JOB_TIMING, CLEARINGHOUSE_TIMEOUT_MS: '4000', DUNNING_INTERVALS: 'PT8S,PT20S,PT30S', STATEMENT_TICK_EVERY: 'PT2S', PAYMENT_PLAN_TICK_EVERY: 'PT2S', PAYMENTS_TIMEOUT_MS: '2000' },
  // Quiet hours off (tests run at any hour; they set quiet hours per appointment type when testing them);
  // replies from the SMS sink come back through the gateway's public webhook.
  notification: {
    REMINDER_OFFSETS: 'P2D,PT2H,PT30S',
    REMINDER_BACKOFF_MS: '500',
    ...E2E_JOB_TIMING,
    QUIET_HOURS: 'off',
    // Quiet hours to the second, so a test's window ends seconds from now, not at a minute boundary.
    QUIET_HOURS_PRECISION: 'second',
    FOLLOW_UP_DELAY: 'PT5S',
    PUBLIC_BASE_URL: gatewayUrl(),
    SMS_INBOUND_WEBHOOK_URL: `${gatewayUrl()}/api/v1/webhooks/sms`,
  },
};

export function startTestSystem(): Promise<SystemHandle> {
  // A machine shared by several test runs may need longer than 120 s: CLINIC_FLOW_START_TIMEOUT_S (read by startSystem).
  return system.startSystem(TEST_PROFILE, { overrides: E2E_OVERRIDES, log: () => undefined });
}

/**
 * Token keys for a service started by a test outside the e2e system (kid `test-…`, which
 * production mode refuses): the gateway's private key and the public key set, as env values.
 */
export function testTokenKeys(): { JWT_PRIVATE_KEY: string; JWT_PUBLIC_KEYS: string } {
  if (!cachedKeys) {
    const { generateKeyPairSync, randomBytes } = require('node:crypto') as typeof import('node:crypto');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: `test-${randomBytes(4).toString('hex')}`, alg: 'ES256' };
    const { d: _d, ...publicJwk } = jwk;
    cachedKeys = { JWT_PRIVATE_KEY: JSON.stringify(jwk), JWT_PUBLIC_KEYS: JSON.stringify({ keys: [publicJwk] }) };
  }
  return cachedKeys;
}
let cachedKeys: { JWT_PRIVATE_KEY: string; JWT_PUBLIC_KEYS: string } | undefined;

/**
 * Data keys for a service started by a test outside the e2e system: a fresh key set (key id
 * `test-…`, which production mode refuses) as the DATA_KEYS value.
 */
export function testDataKeys(): { DATA_KEYS: string } {
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  cachedDataKeys ??= {
    DATA_KEYS: JSON.stringify({
      current: 'test-data-1',
      keys: [{ id: 'test-data-1', key: randomBytes(32).toString('base64'), createdAt: new Date().toISOString() }],
      indexKey: randomBytes(32).toString('base64'),
    }),
  };
  return cachedDataKeys;
}
let cachedDataKeys: { DATA_KEYS: string } | undefined;

/**
 * Seals and opens stored values as the test system's services do (the test profile's data key
 * file, read now): for a test that writes a document the way another instance would.
 */
export function systemSealer(): import('@clinic-flow/crypto').Sealer {
  const { FileKeyProvider, Sealer } = require('@clinic-flow/crypto') as typeof import('@clinic-flow/crypto');
  const keys = require(path.resolve(__dirname, '../../../infra/run/keys.js')) as { keyFilePath(profile: unknown): string };
  return new Sealer(new FileKeyProvider(keys.keyFilePath(infra.profile(TEST_PROFILE))));
}
