'use strict';
/*
 * `npm run bench`: measures appointment booking end to end on this machine, so changes to the
 * booking path (gateway -> patient-records -> scheduling -> outbox -> Kafka -> notification) can
 * be compared with numbers instead of impressions.
 *
 * It starts the test profile's infrastructure with empty state (never the dev profile's data or
 * ports), builds and starts every service, then for each concurrency level books conflict-free
 * appointments through the gateway with a closed loop of N workers and reports throughput and
 * client-side latency, and how long each booking took to get its reminders scheduled (server
 * timestamps). Progress goes to stderr; one JSON document goes to stdout. Everything it started is
 * stopped at the end; the exit code is non-zero if anything failed.
 *
 * Settings: BENCH_CONCURRENCY (default 1,16,64), BENCH_BOOKINGS per level (default 300),
 * BENCH_REMINDER_TIMEOUT_S (default 60): how long after a level its reminders may take.
 */
const os = require('node:os');
const { performance } = require('node:perf_hooks');
const { ensureDependencies } = require('./ensure-deps');

const PROFILE = process.env.CLINIC_FLOW_TEST_PROFILE || 'test';
const SITE_ID = 'site-downtown';
const SLOT_MINUTES = 30;
const DAY_MS = 24 * 3600_000;
const DAYS_AHEAD = 30;
const EXPECTED_REMINDERS = 2; // default REMINDER_OFFSETS=P2D,PT2H, appointments are weeks ahead
const POLL_PARALLELISM = 16;
const POLL_PAUSE_MS = 1000;
const REQUEST_TIMEOUT_MS = 30_000;
const PATIENTS = 8;

const log = (line) => process.stderr.write(`${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round1 = (n) => Math.round(n * 10) / 10;

// ---------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------

function positiveInt(name, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${text}"`);
  return n;
}

function settings(env = process.env) {
  const concurrency = (env.BENCH_CONCURRENCY || '1,16,64').split(',').map((s) => positiveInt('BENCH_CONCURRENCY', s.trim()));
  const bookings = positiveInt('BENCH_BOOKINGS', env.BENCH_BOOKINGS || '300');
  const reminderTimeoutMs = positiveInt('BENCH_REMINDER_TIMEOUT_S', env.BENCH_REMINDER_TIMEOUT_S || '60') * 1000;
  return { concurrency, bookings, reminderTimeoutMs };
}

// ---------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const r = (v) => (v === null ? null : round1(v));
  return { p50: r(percentile(sorted, 50)), p99: r(percentile(sorted, 99)), max: r(sorted.length ? sorted[sorted.length - 1] : null) };
}

// ---------------------------------------------------------------------------
// Gateway client (Node's global fetch keeps connections alive)
// ---------------------------------------------------------------------------

function gatewayClient(baseUrl) {
  let token = null;
  async function call(method, path, body) {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, body: json };
  }
  async function expect(status, method, path, body) {
    const res = await call(method, path, body);
    if (res.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  return {
    call,
    expect,
    async login(role) {
      const password = process.env.DEMO_PASSWORD || 'clinic-flow-demo';
      token = (await expect(200, 'POST', '/auth/login', { email: `${role}@demo.clinic`, password })).accessToken;
    },
  };
}

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

async function registerPatients(api, count) {
  const runId = Date.now().toString(36);
  const ids = [];
  for (let i = 0; i < count; i++) {
    const patient = await api.expect(201, 'POST', '/patients', {
      firstName: 'Bench',
      lastName: `Patient${i}`,
      dateOfBirth: '1980-01-01',
      email: `bench-${runId}-${i}@example.com`,
      preferredChannel: 'email',
    });
    ids.push(patient.id);
  }
  return ids;
}

async function siteProviders(api, siteId) {
  const { items } = await api.expect(200, 'GET', `/providers?siteId=${encodeURIComponent(siteId)}&limit=200`);
  const ids = items.filter((p) => p.siteIds.includes(siteId)).map((p) => p.id);
  if (!ids.length) throw new Error(`no provider works at ${siteId}`);
  return ids;
}

// ---------------------------------------------------------------------------
// Slots: every booking of the run gets its own (provider, start) pair
// ---------------------------------------------------------------------------

/** Midnight UTC at least DAYS_AHEAD days from now (on every scheduling grid). */
function runBaseMs(now = Date.now()) {
  return Math.floor(now / DAY_MS) * DAY_MS + (DAYS_AHEAD + 1) * DAY_MS;
}

/** Whole days one level's slots span, plus a spare day so levels never touch. */
function levelSpanMs(bookings, providerCount) {
  const slotsPerProvider = Math.ceil(bookings / providerCount);
  return (Math.ceil((slotsPerProvider * SLOT_MINUTES * 60_000) / DAY_MS) + 1) * DAY_MS;
}

function slot(i, baseMs, providers) {
  const row = Math.floor(i / providers.length);
  return { providerId: providers[i % providers.length], start: new Date(baseMs + row * SLOT_MINUTES * 60_000).toISOString() };
}

// ---------------------------------------------------------------------------
// Booking benchmark (one level)
// ---------------------------------------------------------------------------

async function bookLevel(api, { concurrency, bookings, baseMs, providers, patients }) {
  const latencies = [];
  const booked = [];
  const errors = [];
  let next = 0;
  async function worker() {
    for (let i = next++; i < bookings; i = next++) {
      const { providerId, start } = slot(i, baseMs, providers);
      const body = { patientId: patients[i % patients.length], providerId, siteId: SITE_ID, start, durationMinutes: SLOT_MINUTES, reason: 'Benchmark booking' };
      const t0 = performance.now();
      let res;
      try {
        res = await api.call('POST', '/appointments', body);
      } catch (error) {
        res = { status: 0, body: error.message };
      }
      latencies.push(performance.now() - t0);
      if (res.status === 201) booked.push({ id: res.body.id, createdAt: Date.parse(res.body.createdAt) });
      else errors.push({ status: res.status, body: res.body });
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, bookings) }, worker));
  const wallMs = performance.now() - started;
  return { latencies, booked, errors, wallMs };
}

function describeErrors(errors) {
  const byStatus = {};
  for (const e of errors) byStatus[e.status] = (byStatus[e.status] || 0) + 1;
  return `${JSON.stringify(byStatus)}; first: ${JSON.stringify(errors[0].body).slice(0, 300)}`;
}

// ---------------------------------------------------------------------------
// Booking -> reminders scheduled
// ---------------------------------------------------------------------------

/** The reminders' createdAt minus the booking's, once the appointment lists them all; else null. */
async function reminderDelay(api, appointment) {
  const res = await api.call('GET', `/appointments/${appointment.id}/notifications`).catch(() => ({ status: 0 }));
  const items = res.status === 200 ? res.body.items : [];
  if (items.length < EXPECTED_REMINDERS) return null;
  return Math.max(...items.map((n) => Date.parse(n.createdAt))) - appointment.createdAt;
}

/**
 * One pass over the pending appointments, POLL_PARALLELISM at a time, in booking order. Each poll
 * costs the notification service's database a query, and that database is what schedules the
 * reminders too; as events are consumed roughly in booking order, unless `full` the pass stops at
 * the first batch that is not all ready. Returns what is still pending.
 */
async function sweep(api, pending, delays, { full }) {
  const still = [];
  for (let i = 0; i < pending.length; i += POLL_PARALLELISM) {
    const batch = pending.slice(i, i + POLL_PARALLELISM);
    const results = await Promise.all(batch.map((a) => reminderDelay(api, a)));
    results.forEach((d, k) => (d === null ? still.push(batch[k]) : delays.push(d)));
    if (!full && results.includes(null)) return still.concat(pending.slice(i + POLL_PARALLELISM));
  }
  return still;
}

/**
 * Polls until every booked appointment lists its reminders or `timeoutMs` passes (then one last
 * full pass); returns max(reminder.createdAt) - appointment.createdAt per appointment, and
 * how many never got their reminders. Both are server timestamps, so polling adds nothing to them.
 */
async function reminderDelays(api, booked, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const delays = [];
  let pending = booked;
  while (pending.length) {
    const last = Date.now() >= deadline;
    pending = await sweep(api, pending, delays, { full: last });
    if (last || !pending.length) break;
    await sleep(POLL_PAUSE_MS);
  }
  return { delays, missing: pending.length };
}

// ---------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------

async function runLevel(api, params) {
  const { concurrency, bookings } = params;
  log(`[bench] concurrency ${concurrency}: booking ${bookings} appointments ...`);
  const result = await bookLevel(api, params);
  const ok = result.booked.length;
  log(`[bench] concurrency ${concurrency}: ${ok} booked in ${(result.wallMs / 1000).toFixed(1)}s (${(ok / (result.wallMs / 1000)).toFixed(1)}/s), ${result.errors.length} errors`);
  if (result.errors.length) log(`[bench] concurrency ${concurrency}: errors ${describeErrors(result.errors)}`);
  const pollStarted = Date.now();
  const reminders = await reminderDelays(api, result.booked, params.reminderTimeoutMs);
  const waited = ((Date.now() - pollStarted) / 1000).toFixed(1);
  log(`[bench] concurrency ${concurrency}: reminders scheduled for ${reminders.delays.length}/${ok} (waited ${waited}s), missing ${reminders.missing}`);
  return {
    concurrency,
    bookings,
    errors: result.errors.length,
    bookingsPerSecond: round1(ok / (result.wallMs / 1000)),
    latencyMs: summary(result.latencies),
    bookingToRemindersScheduledMs: { ...summary(reminders.delays), missing: reminders.missing },
  };
}

async function benchmark(gatewayUrl, { concurrency, bookings, reminderTimeoutMs }) {
  const api = gatewayClient(gatewayUrl);
  await api.login('office-manager');
  const patients = await registerPatients(api, PATIENTS);
  const providers = await siteProviders(api, SITE_ID);
  log(`[bench] ${patients.length} patients registered, ${providers.length} providers at ${SITE_ID}`);
  const runBase = runBaseMs();
  const span = levelSpanMs(bookings, providers.length);
  const levels = [];
  for (const [k, n] of concurrency.entries()) {
    levels.push(await runLevel(api, { concurrency: n, bookings, baseMs: runBase + k * span, providers, patients, reminderTimeoutMs }));
  }
  return {
    benchmark: 'booking',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    bookingsPerLevel: bookings,
    levels,
  };
}

/** True if any service port of the profile answers: someone else's system is using it. */
async function systemPortsBusy(servicePorts) {
  const net = require('node:net');
  const open = (port) =>
    new Promise((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
  return (await Promise.all(Object.values(servicePorts).map(open))).some(Boolean);
}

/**
 * startSystem, tried twice: on a Kafka that has just come up, a service sometimes exits during
 * start-up ("This server does not host this topic-partition"). startSystem stops the rest first.
 */
async function startServices(startSystem) {
  const options = { overrides: { '*': { LOG_LEVEL: 'warn' } }, log };
  try {
    return await startSystem(PROFILE, options);
  } catch (error) {
    log(`[bench] services failed to start, retrying once: ${error.message.split('\n')[0]}`);
    return startSystem(PROFILE, options);
  }
}

async function main() {
  const options = settings();
  ensureDependencies(log);
  const infra = require('../infra');
  const { build } = require('./build');
  const { startSystem, servicePorts } = require('./system');

  // Checked before `up --fresh`, which would wipe the state of a test run in progress.
  if (await systemPortsBusy(servicePorts(PROFILE))) {
    throw new Error(`the ${PROFILE} profile's service ports are in use (npm test or another bench running?); try again when it is done`);
  }

  let infraStarted = false;
  let system = null;
  let cleaning = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      if (system) await system.stop().catch((e) => log(`[bench] stopping services failed: ${e.message}`));
      if (infraStarted) await infra.down(PROFILE, { log }).catch((e) => log(`[bench] infra down failed: ${e.message}`));
    })());
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => {
      log(`[bench] ${sig}: cleaning up ...`);
      void cleanup().then(() => process.exit(130));
    });
  }

  try {
    infraStarted = true;
    await infra.up(PROFILE, { fresh: true, log });
    await build({ log });
    system = await startServices(startSystem);
    const report = await benchmark(`http://127.0.0.1:${system.ports['api-gateway']}`, options);
    const failed = report.levels.filter((l) => l.errors > 0 || l.bookingToRemindersScheduledMs.missing > 0);
    if (failed.length) log(`[bench] FAILED: errors or missing reminders at concurrency ${failed.map((l) => l.concurrency).join(', ')}`);
    return { report, ok: failed.length === 0 };
  } finally {
    log('[bench] stopping services and test infrastructure ...');
    await cleanup();
  }
}

if (require.main === module) {
  main().then(
    ({ report, ok }) => process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(ok ? 0 : 1)),
    (error) => {
      log(`[bench] FAILED: ${error.stack || error.message}`);
      process.exit(1);
    },
  );
}

module.exports = { percentile, summary, slot, levelSpanMs, runBaseMs };
