'use strict';
/*
 * The one list of Clinic Flow's services: name, dev port, the infrastructure components each needs,
 * the other services it calls, and the environment it gets from a profile. `npm start`, the e2e
 * system, the benchmark and infra/compose.spec.ts read it, so a new service is added here once.
 */

/**
 * @typedef {object} ServiceSpec
 * @property {string} name         folder under services/ and the service's name in logs and health
 * @property {number} port         dev-profile port (other profiles add their offset)
 * @property {string[]} infra      infrastructure components it needs running (names in infra/components)
 * @property {string[]} calls      services it calls over HTTP; each is given as `<NAME>_URL`
 * @property {Record<string, string>} fromProfile  its variable -> the profile's variable (infra.profile(name).env)
 * @property {(ctx: {url: (service: string) => string, publicUrl: (service: string) => string}) => Record<string, string>} [env]
 *           settings that depend on where other services run (links and webhooks that come back through the gateway)
 * @property {boolean} [demoData]  seeds demo data with SEED_DEMO_DATA
 * @property {string[]} [passThrough]  variables taken from the caller's environment when set (e.g. `npm start` with QUIET_HOURS=off)
 * @property {boolean} [signsTokens]  holds the private token key (JWT_PRIVATE_KEY); every service gets JWT_PUBLIC_KEYS
 * @property {string[]} [secrets]  secrets of its own, generated per profile into the profile's state dir (from the environment when set)
 * @property {boolean} [dataKeys]  stores patient data sealed: gets DATA_KEYS_FILE, the profile's data key file (see infra/run/keys.js)
 */

/** @type {ServiceSpec[]} */
const SERVICES = [
  {
    name: 'api-gateway',
    port: 3000,
    // Kafka: staff-account events (user.created/changed/deactivated) leave through its outbox.
    infra: ['kafka', 'mongo'],
    calls: ['scheduling', 'patient-records', 'insurance', 'billing', 'notification'],
    fromProfile: {},
    demoData: true,
    passThrough: ['DEMO_PASSWORD', 'ACCESS_TOKEN_TTL_SECONDS', 'CORS_ORIGINS'],
    signsTokens: true,
  },
  {
    name: 'scheduling',
    port: 3101,
    infra: ['kafka', 'mongo', 'redis'],
    // The booking's patient check asks patient-records when its projection has not caught up;
    // booking asks insurance whether the primary payer blocks the visit without an authorization.
    calls: ['patient-records', 'insurance'],
    fromProfile: { REDIS_URL: 'REDIS_URL' },
    demoData: true,
    passThrough: ['SCHEDULING_GRID_MINUTES'],
    // Its copy of patients' names (the day view) is sealed.
    dataKeys: true,
  },
  {
    name: 'patient-records',
    port: 3102,
    // redis: the referral chase timers (BullMQ).
    infra: ['kafka', 'mongo', 'redis'],
    calls: [],
    // ICD10CM_PATH: the ICD-10-CM code set provisioned by infra/components/icd10cm.js (problem list codes).
    fromProfile: { REDIS_URL: 'REDIS_URL', ICD10CM_PATH: 'ICD10CM_PATH' },
    demoData: true,
    // `REFERRAL_CHASE_AFTER=PT1M npm start` shows a referral chased within a minute.
    passThrough: ['REFERRAL_CHASE_AFTER', 'ANALYTICS_CONSUMERS'],
    // Patients' document download links (letters' too) point at the gateway. Two analytics
    // consumers, so the de-identified streams and their per-consumer keys can be seen side by side.
    env: ({ publicUrl }) => ({ PUBLIC_BASE_URL: publicUrl('api-gateway'), ANALYTICS_CONSUMERS: 'research,quality:month' }),
    secrets: ['PATIENT_RECORDS_SECRET'],
    dataKeys: true,
  },
  {
    name: 'insurance',
    port: 3103,
    // redis: eligibility jobs (booking-triggered checks, retries with backoff, nightly batches).
    infra: ['kafka', 'mongo', 'redis', 'clearinghouse'],
    // Coverages ask patient-records, as the caller, whether the patient exists and is theirs to see.
    calls: ['patient-records'],
    // Eligibility checks (270/271) go to the clearinghouse (the local simulator in dev and tests).
    fromProfile: { CLEARINGHOUSE_URL: 'CLEARINGHOUSE_URL', REDIS_URL: 'REDIS_URL' },
    demoData: true,
    // Coverages hold subscriber names, dates of birth, member and group numbers: stored sealed.
    dataKeys: true,
  },
  {
    name: 'billing',
    port: 3104,
    // redis: claim submission, acknowledgements and remittances, statements and dunning (BullMQ).
    infra: ['kafka', 'mongo', 'redis', 'clearinghouse', 'payments'],
    // Claims and statements name the patient and guarantor (patient-records) and the visit's coverages (insurance).
    calls: ['patient-records', 'insurance'],
    // 837P out, 999 / 277CA / 835 back through the clearinghouse; card payments through the card
    // processor (the local simulators in dev and tests); ICD10CM_PATH: the code set the scrubber
    // checks diagnoses and Excludes1 pairs against.
    fromProfile: { CLEARINGHOUSE_URL: 'CLEARINGHOUSE_URL', REDIS_URL: 'REDIS_URL', PAYMENTS_URL: 'PAYMENTS_URL', ICD10CM_PATH: 'ICD10CM_PATH' },
    passThrough: ['DUNNING_INTERVALS', 'STATEMENT_DUE_AFTER'],
    demoData: true,
    // Encounters, claims and ledgers hold patients' and guarantors' data: stored sealed.
    dataKeys: true,
  },
  {
    name: 'notification',
    port: 3105,
    infra: ['kafka', 'mongo', 'redis', 'mail', 'sms-sink'],
    calls: [],
    fromProfile: { REDIS_URL: 'REDIS_URL', SMTP_URL: 'SMTP_URL', SMS_API_URL: 'SMS_SINK_URL' },
    passThrough: ['QUIET_HOURS', 'REMINDER_OFFSETS'],
    // The demo staff accounts, for break-the-glass notices to their office managers.
    demoData: true,
    secrets: ['NOTIFICATION_SECRET'],
    dataKeys: true,
    // Confirm / cancel links and SMS replies reach notification through the gateway.
    env: ({ url, publicUrl }) => ({
      PUBLIC_BASE_URL: publicUrl('api-gateway'),
      SMS_INBOUND_WEBHOOK_URL: `${url('api-gateway')}/api/v1/webhooks/sms`,
    }),
  },
];

/** Every service reads these from the profile (and KAFKA_BROKERS when its infra includes kafka). */
const COMMON_FROM_PROFILE = { MONGO_URL: 'MONGO_URL' };

/** The health endpoint of every service; the gateway's also reports every service it calls. */
const HEALTH_PATH = '/health';

/** `patient-records` -> `PATIENT_RECORDS_URL`, the variable a caller reads a service's address from. */
const urlVariable = (name) => `${name.toUpperCase().replace(/-/g, '_')}_URL`;

const byName = (name) => {
  const service = SERVICES.find((s) => s.name === name);
  if (!service) throw new Error(`unknown service '${name}' (known: ${SERVICES.map((s) => s.name).join(', ')})`);
  return service;
};

module.exports = { SERVICES, COMMON_FROM_PROFILE, HEALTH_PATH, urlVariable, byName };
