'use strict';
/* Helpers shared by the benchmark modules (booking, slots, reminders) and the runner (bench.js). */

const round1 = (n) => Math.round(n * 10) / 10;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Nearest-rank percentile of an ascending array (null when empty). */
function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** count, p50, p99 and max of a list of numbers (milliseconds), to one decimal. */
function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const r = (v) => (v === null || v === undefined ? null : round1(v));
  return { count: sorted.length, p50: r(percentile(sorted, 50)), p99: r(percentile(sorted, 99)), max: r(sorted[sorted.length - 1]) };
}

/**
 * login(role) through the gateway as the demo user of that role; resolves to a bearer token. Demo
 * office managers and billing staff answer the TOTP step with the demo secret's current code.
 */
function loginVia(gatewayUrl) {
  const post = (path, body) => fetch(`${gatewayUrl}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return async (role) => {
    let res = await post('/auth/login', { email: `${role}@demo.clinic`, password: process.env.DEMO_PASSWORD || 'clinic-flow-demo' });
    if (res.status !== 200) throw new Error(`login as ${role}: ${res.status}`);
    let body = await res.json();
    if (body.challengeToken) {
      res = await post('/auth/login/second-factor', { challengeToken: body.challengeToken, code: require('../demo-totp').demoTotpCode() });
      if (res.status !== 200) throw new Error(`second factor as ${role}: ${res.status}`);
      body = await res.json();
    }
    return body.accessToken;
  };
}

/**
 * Runs one benchmark module on its own against a system already running on
 * $CLINIC_FLOW_TEST_PROFILE (default test; GATEWAY_URL overrides the gateway address).
 * `run(ctx)` resolves to { report, ok }; the report goes to stdout as JSON.
 */
function standalone(name, run) {
  const profileName = process.env.CLINIC_FLOW_TEST_PROFILE || 'test';
  const gatewayUrl = process.env.GATEWAY_URL || `http://127.0.0.1:${require('../system').servicePorts(profileName)['api-gateway']}`;
  const env = require('../../infra').profile(profileName).env;
  const log = (line) => process.stderr.write(`${line}\n`);
  run({ gatewayUrl, login: loginVia(gatewayUrl), env, log }).then(
    ({ report, ok }) => process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(ok ? 0 : 1)),
    (error) => {
      log(`[bench:${name}] FAILED: ${error.stack || error.message}`);
      process.exit(1);
    },
  );
}

const CONSONANTS = 'bcdfghjklmnprstvwz';
const VOWELS = 'aeiou';

/**
 * A made-up family name for the i-th patient of a run (`run` gives reruns their own): its syllables
 * encode i twice, so the names of two patients differ in at least two letters and registration's
 * duplicate check (which forgives one typo in a name) never takes one bench patient for another.
 */
function distinctName(i, run = '') {
  let n = i;
  let word = '';
  do {
    word += CONSONANTS[n % CONSONANTS.length] + VOWELS[Math.floor(n / CONSONANTS.length) % VOWELS.length];
    n = Math.floor(n / (CONSONANTS.length * VOWELS.length));
  } while (n > 0);
  const letters = `${run.replace(/[^a-z]/gi, '').toLowerCase()}${word}${[...word].reverse().join('')}`;
  return letters[0].toUpperCase() + letters.slice(1);
}

/** A setting that must be a whole number of at least 1; `name` says which in the error. */
function positiveInt(name, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${text}"`);
  return n;
}

module.exports = { positiveInt, round1, sleep, percentile, summary, loginVia, standalone, distinctName };
