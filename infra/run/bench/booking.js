'use strict';
/*
 * Booking benchmark: books valid appointments through the gateway (gateway -> patient-records ->
 * scheduling: availability check, slot claims, outbox -> Kafka -> notification) with a closed loop
 * of N workers per concurrency level, and reports throughput, client-side latency, and how long
 * each booking took to get its reminders scheduled (server timestamps).
 *
 * Every run creates providers of its own (`bench-book-<run>-NN`, available around the clock at
 * Downtown) and books `urgent-care` (15 min, no lead time, 30-day horizon) 3+ days ahead between
 * 10:00 and 18:00 New York time, so every booking is inside availability, no two collide (each
 * (provider, start) pair once, a patient per provider, so no patient is in two visits at once),
 * every reminder offset (P2D, PT2H) lies ahead in daytime, and reruns on the same state never
 * meet an earlier run's bookings.
 *
 * Standalone, against a system already running on $CLINIC_FLOW_TEST_PROFILE (default test):
 *   node infra/run/bench/booking.js        (GATEWAY_URL overrides the gateway address)
 * Settings: BENCH_CONCURRENCY (default 1,16,64), BENCH_BOOKINGS per level (default 300),
 * BENCH_REMINDER_TIMEOUT_S (default 60), BENCH_PROVIDERS (default 16), BENCH_EXPECTED_REMINDERS
 * (reminders per appointment under the system's reminder policy; default 2 = P2D,PT2H),
 * BENCH_ROUND_TRIP_BOOKINGS (default 32: bookings one at a time whose database commands, events
 * and Redis calls are counted, `perBooking` in the report).
 */
const os = require('node:os');
const { performance } = require('node:perf_hooks');

const SITE_ID = 'site-downtown';
const SITE_ZONE = 'America/New_York';
const TYPE_ID = 'urgent-care';
const SLOT_MINUTES = 15;
/** 10:00-18:00 local: 32 quarter hours a day. */
const FIRST_HOUR = 10;
const SLOTS_PER_DAY = 32;
const FIRST_DAY = 3;
const POLL_PARALLELISM = 16;
const POLL_PAUSE_MS = 1000;
const REQUEST_TIMEOUT_MS = 30_000;

const { distinctName, positiveInt, round1, sleep, summary, standalone } = require('./common');
const roundTrips = require('./round-trips');

/** Settings from the environment (bench.js passes its own when it runs the whole benchmark). */
function settings(env = process.env) {
  return {
    concurrency: (env.BENCH_CONCURRENCY || '1,16,64').split(',').map((s) => positiveInt('BENCH_CONCURRENCY', s.trim())),
    bookings: positiveInt('BENCH_BOOKINGS', env.BENCH_BOOKINGS || '300'),
    reminderTimeoutMs: positiveInt('BENCH_REMINDER_TIMEOUT_S', env.BENCH_REMINDER_TIMEOUT_S || '60') * 1000,
    providers: positiveInt('BENCH_PROVIDERS', env.BENCH_PROVIDERS || '16'),
    expectedReminders: positiveInt('BENCH_EXPECTED_REMINDERS', env.BENCH_EXPECTED_REMINDERS || '2'),
    roundTripBookings: positiveInt('BENCH_ROUND_TRIP_BOOKINGS', env.BENCH_ROUND_TRIP_BOOKINGS || '32'),
  };
}

/** A client of the gateway with one bearer token (Node's global fetch keeps connections alive). */
function gatewayClient(baseUrl, token) {
  async function call(method, path, body) {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
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
  return { call, expect };
}

// ---------------------------------------------------------------------------
// Fixtures: providers available around the clock, one patient per provider
// ---------------------------------------------------------------------------

async function createProviders(manager, runId, count) {
  const sessions = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  const ids = [];
  for (let i = 0; i < count; i++) {
    const id = `bench-book-${runId}-${String(i + 1).padStart(2, '0')}`;
    await manager.expect(201, 'POST', '/providers', { id, name: `Dr. Bench ${i + 1}`, role: 'physician', specialty: 'Benchmark', siteIds: [SITE_ID] });
    await manager.expect(200, 'PUT', `/providers/${id}/availability/${SITE_ID}`, { sessions });
    ids.push(id);
  }
  return ids;
}

async function registerPatients(desk, runId, count) {
  const ids = [];
  for (let i = 0; i < count; i++) {
    const patient = await desk.expect(201, 'POST', '/patients', {
      firstName: 'Bench',
      lastName: distinctName(i, `book${runId}`),
      dateOfBirth: '1980-01-01',
      email: `bench-${runId}-${i}@example.com`,
      preferredChannel: 'email',
      // Runs of one benchmark register "Bench" patients born the same day, with made-up names a
      // typo apart now and then: the duplicate check rightly asks (409), and the bench proceeds.
      duplicateOverride: { reason: 'benchmark patient, made up for this run' },
    });
    ids.push(patient.id);
  }
  return ids;
}

// ---------------------------------------------------------------------------
// Slots: every booking of the run gets its own (provider, start) pair
// ---------------------------------------------------------------------------

/** `minutes` past midnight in New York, `days` from today, as ISO (luxon: right across DST). */
function localTime(days, minutes) {
  const { DateTime } = require('luxon');
  return DateTime.now().setZone(SITE_ZONE).startOf('day').plus({ days }).set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toUTC().toISO();
}

/** The i-th booking of a run: provider i mod P, and the row'th quarter hour of the daytime grid. */
function slot(i, firstRow, providers, patients) {
  const row = firstRow + Math.floor(i / providers.length);
  const day = FIRST_DAY + Math.floor(row / SLOTS_PER_DAY);
  const start = localTime(day, FIRST_HOUR * 60 + (row % SLOTS_PER_DAY) * SLOT_MINUTES);
  return { providerId: providers[i % providers.length], patientId: patients[i % patients.length], start };
}

// ---------------------------------------------------------------------------
// One level
// ---------------------------------------------------------------------------

async function bookLevel(desk, { concurrency, bookings, firstRow, providers, patients }) {
  const latencies = [];
  const booked = [];
  const errors = [];
  let next = 0;
  async function worker() {
    for (let i = next++; i < bookings; i = next++) {
      const { providerId, patientId, start } = slot(i, firstRow, providers, patients);
      const body = { patientId, providerId, siteId: SITE_ID, appointmentTypeId: TYPE_ID, start, reason: 'Benchmark booking' };
      const t0 = performance.now();
      let res;
      try {
        res = await desk.call('POST', '/appointments', body);
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
  return { latencies, booked, errors, wallMs: performance.now() - started };
}

function describeErrors(errors) {
  const byStatus = {};
  for (const e of errors) byStatus[e.status] = (byStatus[e.status] || 0) + 1;
  return `${JSON.stringify(byStatus)}; first: ${JSON.stringify(errors[0].body).slice(0, 300)}`;
}

/** The reminders' createdAt minus the booking's, once the appointment lists them all; else null. */
async function reminderDelay(desk, appointment, expected) {
  const res = await desk.call('GET', `/appointments/${appointment.id}/notifications`).catch(() => ({ status: 0 }));
  const items = res.status === 200 ? res.body.items : [];
  if (items.length < expected) return null;
  return Math.max(...items.map((n) => Date.parse(n.createdAt))) - appointment.createdAt;
}

/**
 * One pass over the pending appointments, POLL_PARALLELISM at a time, in booking order; unless
 * `full` it stops at the first batch that is not all ready (events are consumed roughly in order,
 * and every poll costs the notification database a query). Returns what is still pending.
 */
async function sweep(desk, pending, delays, expected, { full }) {
  const still = [];
  for (let i = 0; i < pending.length; i += POLL_PARALLELISM) {
    const batch = pending.slice(i, i + POLL_PARALLELISM);
    const results = await Promise.all(batch.map((a) => reminderDelay(desk, a, expected)));
    results.forEach((d, k) => (d === null ? still.push(batch[k]) : delays.push(d)));
    if (!full && results.includes(null)) return still.concat(pending.slice(i + POLL_PARALLELISM));
  }
  return still;
}

async function reminderDelays(desk, booked, timeoutMs, expected) {
  const deadline = Date.now() + timeoutMs;
  const delays = [];
  let pending = booked;
  while (pending.length) {
    const last = Date.now() >= deadline;
    pending = await sweep(desk, pending, delays, expected, { full: last });
    if (last || !pending.length) break;
    await sleep(POLL_PAUSE_MS);
  }
  return { delays, missing: pending.length };
}

async function runLevel(desk, params, log) {
  const { concurrency, bookings } = params;
  log(`[bench:booking] concurrency ${concurrency}: booking ${bookings} appointments ...`);
  const result = await bookLevel(desk, params);
  const ok = result.booked.length;
  log(`[bench:booking] concurrency ${concurrency}: ${ok} booked in ${(result.wallMs / 1000).toFixed(1)}s (${(ok / (result.wallMs / 1000)).toFixed(1)}/s), ${result.errors.length} errors`);
  if (result.errors.length) log(`[bench:booking] concurrency ${concurrency}: errors ${describeErrors(result.errors)}`);
  const pollStarted = Date.now();
  const reminders = await reminderDelays(desk, result.booked, params.reminderTimeoutMs, params.expectedReminders);
  log(`[bench:booking] concurrency ${concurrency}: reminders scheduled for ${reminders.delays.length}/${ok} (waited ${((Date.now() - pollStarted) / 1000).toFixed(1)}s), missing ${reminders.missing}`);
  return {
    concurrency,
    bookings,
    errors: result.errors.length,
    bookingsPerSecond: round1(ok / (result.wallMs / 1000)),
    latencyMs: summary(result.latencies),
    bookingToRemindersScheduledMs: { ...summary(reminders.delays), missing: reminders.missing },
  };
}

/**
 * What one booking costs each engine: BENCH_ROUND_TRIP_BOOKINGS bookings one at a time, their
 * reminders waited for, every service's and Redis's counters read before and after (round-trips.js).
 * One at a time, before the throughput levels, so the counts are the booking's own plus the
 * background work (relay sweeps, job reconciliation) of the same minute or so.
 */
async function countRoundTrips(ctx, desk, params, log) {
  const ports = ctx.system?.ports ?? require('../system').servicePorts(process.env.CLINIC_FLOW_TEST_PROFILE || 'test');
  const where = { ports, redisUrl: ctx.env.REDIS_URL };
  const bookings = params.roundTripBookings;
  const before = await roundTrips.snapshot(where);
  const result = await bookLevel(desk, { ...params, concurrency: 1, bookings });
  const reminders = await reminderDelays(desk, result.booked, params.reminderTimeoutMs, params.expectedReminders);
  const after = await roundTrips.snapshot(where);
  const counts = roundTrips.perBooking(before, after, result.booked.length || 1);
  log(`[bench:booking] per booking (${result.booked.length} one at a time): ${counts.databaseCommands} database commands, ${counts.redisCalls} Redis calls, ${JSON.stringify(counts.eventsPublished)} events published`);
  return { ...counts, errors: result.errors.length + reminders.missing, wallMs: Math.round(result.wallMs) };
}

/**
 * ctx = { gatewayUrl, login(role) -> Promise<token>, log(line), settings? }. Returns the JSON
 * figures and `ok` (no booking error, no missing reminders).
 */
async function runBookingBench(ctx) {
  const options = { ...settings(), ...(ctx.settings ?? {}) };
  const log = ctx.log ?? (() => undefined);
  const manager = gatewayClient(ctx.gatewayUrl, await ctx.login('office-manager'));
  const desk = gatewayClient(ctx.gatewayUrl, await ctx.login('receptionist'));
  const runId = Date.now().toString(36);
  const providers = await createProviders(manager, runId, options.providers);
  const patients = await registerPatients(desk, runId, options.providers);
  log(`[bench:booking] ${providers.length} providers (around the clock at ${SITE_ID}) and ${patients.length} patients ready`);
  const rowsPerLevel = Math.ceil(options.bookings / providers.length);
  const roundTripRows = Math.ceil(options.roundTripBookings / providers.length);
  if (FIRST_DAY + ((rowsPerLevel * options.concurrency.length + roundTripRows) / SLOTS_PER_DAY) > 28) {
    throw new Error('too many bookings for the 30-day horizon of urgent care: raise BENCH_PROVIDERS or lower BENCH_BOOKINGS');
  }
  // Counted first, on a system with no backlog yet (after the levels the consumers are still catching up).
  const perBooking = await countRoundTrips(ctx, desk, { ...options, firstRow: options.concurrency.length * rowsPerLevel, providers, patients }, log);
  const levels = [];
  for (const [k, concurrency] of options.concurrency.entries()) {
    levels.push(await runLevel(desk, { ...options, concurrency, firstRow: k * rowsPerLevel, providers, patients }, log));
  }
  const report = {
    benchmark: 'booking',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    appointmentType: TYPE_ID,
    providers: providers.length,
    bookingsPerLevel: options.bookings,
    levels,
    perBooking,
  };
  return { report, ok: levels.every((l) => l.errors === 0 && l.bookingToRemindersScheduledMs.missing === 0) && perBooking.errors === 0 };
}

module.exports = { runBookingBench, settings, slot, gatewayClient, createProviders, registerPatients };

if (require.main === module) standalone('booking', runBookingBench);
