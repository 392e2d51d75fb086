'use strict';
/*
 * Profiles: one set of ports and one state directory per use (dev for `npm start`, test for
 * `npm test` and the benchmark, test-a..f so several test runs can share one machine), and the
 * connection settings the services read from them.
 */
const os = require('os');
const path = require('path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CACHE_DIR = path.resolve(process.env.CF_CACHE_DIR || path.join(os.homedir(), '.cache', 'clinic-flow'));
/** The ICD-10-CM index infra/components/icd10cm.js provisions (one for every profile: it is read-only). */
const ICD10CM_INDEX = path.join(CACHE_DIR, 'code-sets', 'icd10cm', 'icd10cm.ndjson');

const BASE_PORTS = {
  kafka: 9092,
  kafkaController: 9093,
  mongo: 27017,
  redis: 6379,
  smtp: 1025,
  mailWeb: 1080,
  smsSink: 1090,
  clearinghouse: 1095,
  payments: 1097,
};
// test-a..f let several people (or helper sessions) run the test suite side by side on one machine.
const PROFILE_PORT_OFFSETS = { dev: 0, test: 10000, 'test-a': 11000, 'test-b': 12000, 'test-c': 13000, 'test-d': 14000, 'test-e': 15000, 'test-f': 16000 };

function profile(name = 'dev') {
  if (!Object.prototype.hasOwnProperty.call(PROFILE_PORT_OFFSETS, name)) {
    throw new Error(`unknown profile '${name}' (expected one of: ${Object.keys(PROFILE_PORT_OFFSETS).join(', ')})`);
  }
  const offset = PROFILE_PORT_OFFSETS[name];
  const ports = {};
  for (const [key, port] of Object.entries(BASE_PORTS)) ports[key] = port + offset;
  const host = '127.0.0.1';
  return {
    name,
    portOffset: offset,
    stateDir: path.join(CACHE_DIR, 'state', name),
    ports,
    env: {
      KAFKA_BROKERS: `${host}:${ports.kafka}`,
      MONGO_URL: `mongodb://${host}:${ports.mongo}`,
      REDIS_URL: `redis://${host}:${ports.redis}`,
      SMTP_URL: `smtp://${host}:${ports.smtp}`,
      MAIL_API_URL: `http://${host}:${ports.mailWeb}`,
      SMS_SINK_URL: `http://${host}:${ports.smsSink}`,
      CLEARINGHOUSE_URL: `http://${host}:${ports.clearinghouse}`,
      PAYMENTS_URL: `http://${host}:${ports.payments}`,
      ICD10CM_PATH: ICD10CM_INDEX,
    },
  };
}

module.exports = { REPO_ROOT, CACHE_DIR, ICD10CM_INDEX, BASE_PORTS, PROFILE_PORT_OFFSETS, profile };
