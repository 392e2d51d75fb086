'use strict';
/*
 * The chaos run's load: bookings through the gateway with cancels and reschedules mixed in, some
 * of them near enough that their reminder falls due while the faults run, and a record of every
 * answer (when sent, when answered, status) so the checks can tell what was committed and which
 * errors fell inside a kill window.
 *
 * Fixtures of the run's own: an appointment type `chaos-<run>` (telehealth, so site hours do not
 * matter; 5 minutes, no lead time) with a one-step reminder policy (REMINDER_OFFSET before the
 * start, quiet hours off), providers available around the clock at Downtown, and one patient per
 * provider (half prefer email, half SMS), so a patient never meets two of their own visits.
 *
 * Slots: "far" ones from the day after tomorrow on a per-provider cursor (reminders planned, not
 * due during the run); "near" ones start `nearLeadMs` plus the offset from now on a per-provider
 * cursor, so their reminder is due within a few minutes of the booking (only while fewer than
 * `nearUntil` of the bookings are made, so a short run's last reminder is not due long after its
 * load). No two bookings of the run ever ask for the same (provider, time): a 409 means a bug, not
 * a race of the load.
 *
 * A booking answered 5xx or not at all is sent again with the same Idempotency-Key and body (what a
 * client should do): scheduling answers the first outcome if the first attempt committed, so a
 * retry never books twice; a booking is `uncertain` only if no attempt got an answer in RETRY_FOR_MS.
 * Cancels and reschedules are not retried (a second cancel is a 409, not a second change).
 */
const { randomUUID } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { distinctName, sleep } = require('../bench/common');

const REQUEST_TIMEOUT_MS = 30_000;
/** How long a booking answered 5xx (or not at all) is retried with its Idempotency-Key. */
const RETRY_FOR_MS = 120_000;

/** A client of the gateway as a user (bearer token); `call` takes extra request headers. */
function gatewayClient(baseUrl, token) {
  async function call(method, path, body, headers = {}) {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
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
    return { status: res.status, body: json, replayed: res.headers.get('idempotent-replayed') === 'true' };
  }
  async function expect(status, method, path, body) {
    const res = await call(method, path, body);
    if (res.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  return { call, expect };
}

const SITE_ID = 'site-downtown';
const DURATION_MIN = 5;
const REMINDER_OFFSET = 'PT1M';
const REMINDER_OFFSET_MS = 60_000;
/** A near slot's reminder is due at least this long after the booking is sent (CHAOS_NEAR_LEAD_S). */
const NEAR_LEAD_MS = 30_000;
/** ... and at most this much later than that: else the booking goes far. */
const NEAR_WINDOW_MS = 3 * 60_000;
const FAR_FIRST_DAY = 2;
/**
 * The first near bookings are never cancelled or moved: a fast load (a quiet machine) could
 * otherwise cancel or move every near visit early, so that no reminder falls due during the run
 * and the checks (rightly) refuse it, as a fresh-clone `npm test` once did.
 */
const KEPT_NEAR = 3;
const ACTIVE = new Set(['booked', 'confirmed']);

/** The run's fixtures; `clock` is Date.now (the checks compare with server times). */
async function createFixtures({ manager, desk, runId, providers: count, log }) {
  const typeId = `chaos-${runId}`;
  await manager.expect(201, 'POST', '/appointment-types', {
    id: typeId,
    name: `Chaos visit ${runId}`,
    durationMinutes: DURATION_MIN,
    providerRoles: ['physician'],
    telehealth: true,
    minLeadMinutes: 0,
    maxHorizonDays: 30,
  });
  await manager.expect(200, 'PUT', `/reminder-policies/appointment-types/${typeId}`, { steps: [{ offset: REMINDER_OFFSET }], quietHours: null });
  const sessions = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  const one = async (i) => {
    const id = `chaos-${runId}-${String(i + 1).padStart(2, '0')}`;
    await manager.expect(201, 'POST', '/providers', { id, name: `Dr. Chaos ${i + 1}`, role: 'physician', specialty: 'Chaos', siteIds: [SITE_ID] });
    await manager.expect(200, 'PUT', `/providers/${id}/availability/${SITE_ID}`, { sessions });
    const bySms = i % 2 === 1;
    const patient = await desk.expect(201, 'POST', '/patients', {
      firstName: 'Chaos',
      lastName: distinctName(i, `chaos${runId}`),
      dateOfBirth: '1980-01-01',
      email: `chaos-${runId}-${i}@example.com`,
      ...(bySms ? { phone: `+1555${String(Number.parseInt(runId.slice(-4), 36) % 1000).padStart(3, '0')}${String(i).padStart(4, '0')}` } : {}),
      preferredChannel: bySms ? 'sms' : 'email',
      // Made-up names of two runs on one state (npm test's after its e2e) may be a typo apart.
      duplicateOverride: { reason: 'chaos run patient, made up for this run' },
    });
    return { id, patientId: patient.id, channel: bySms ? 'sms' : 'email', nearCursor: 0, farCursor: 0 };
  };
  // A few at a time: the set-up is part of every run's time (npm test's short run included).
  const providers = [];
  for (let i = 0; i < count; i += 4) providers.push(...(await Promise.all(Array.from({ length: Math.min(4, count - i) }, (_, k) => one(i + k)))));
  log(`[chaos] type ${typeId} (reminder ${REMINDER_OFFSET} before), ${providers.length} providers and patients ready`);
  return { typeId, providers };
}

const GRID_MS = 60_000;
const ceilGrid = (t) => Math.ceil(t / GRID_MS) * GRID_MS;

function farSlot(provider) {
  const day0 = new Date();
  day0.setUTCHours(0, 0, 0, 0);
  const t = day0.getTime() + FAR_FIRST_DAY * 86_400_000 + provider.farCursor * DURATION_MIN * 60_000;
  provider.farCursor++;
  return t;
}

/** A near slot of some provider whose reminder falls due soon, or null when none is free. */
function nearSlot(providers, pick, leadMs = NEAR_LEAD_MS) {
  const earliest = ceilGrid(Date.now() + leadMs + REMINDER_OFFSET_MS);
  const order = [...providers.keys()].sort(() => pick() - 0.5);
  for (const k of order) {
    const p = providers[k];
    const t = Math.max(p.nearCursor, earliest);
    if (t - earliest <= NEAR_WINDOW_MS) {
      p.nearCursor = t + DURATION_MIN * 60_000;
      return { provider: p, t };
    }
  }
  return null;
}

/** A small seeded generator, so a run's mix can be repeated (CHAOS_SEED). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs the load until `bookings` bookings were answered 2xx. `gate()` is awaited before each
 * booking (the fault schedule holds the load at a threshold until its kill cycle is over).
 * Every request is appended to `requests` (op, sentAt, answeredAt in epoch ms, status, 0 for no
 * answer) as it is answered. Resolves to { appointments: Map(id -> record), requests, counts, wallMs,
 * timeout } (timeout: why the load stopped early after `timeoutMs`, else null).
 */
async function runLoad({ desk, fixtures, bookings, concurrency, nearShare, nearLeadMs = NEAR_LEAD_MS, nearUntil = 1, seed, gate, onBooked, timeoutMs, log, requests = [] }) {
  const pick = mulberry32(seed);
  const { typeId, providers } = fixtures;
  const appointments = new Map();
  const counts = { book: 0, cancel: 0, reschedule: 0, nearBookings: 0, nearReschedules: 0, bookingRetries: 0, bookedOnRetry: 0, replayedCommits: 0, unresolvedBookings: 0 };
  const nearOpen = () => booked < nearUntil * bookings;
  let booked = 0;
  let inFlightBookings = 0;
  const startedAt = Date.now();

  async function call(op, method, path, body, headers) {
    const sentAt = Date.now();
    const t0 = performance.now();
    let res;
    try {
      res = await desk.call(method, path, body, headers);
    } catch (error) {
      res = { status: 0, body: String(error.cause?.code ?? error.name ?? error.message) };
    }
    const entry = { op, sentAt, answeredAt: Date.now(), ms: Math.round(performance.now() - t0), status: res.status };
    if (res.replayed) entry.replayed = true;
    if (res.status >= 500 || res.status === 0) entry.detail = typeof res.body === 'string' ? res.body.slice(0, 200) : res.body?.code ?? res.body?.title;
    else if (res.status >= 400) entry.detail = res.body?.code;
    requests.push(entry);
    return { ...res, entry };
  }

  const iso = (t) => new Date(t).toISOString();

  const failedAnswer = (res) => res.status === 0 || res.status >= 500;

  async function book() {
    const near = pick() < nearShare && nearOpen() ? nearSlot(providers, pick, nearLeadMs) : null;
    const provider = near?.provider ?? providers[Math.floor(pick() * providers.length)];
    const t = near?.t ?? farSlot(provider);
    const body = { patientId: provider.patientId, providerId: provider.id, siteId: SITE_ID, appointmentTypeId: typeId, start: iso(t), reason: 'Chaos run' };
    const key = { 'idempotency-key': randomUUID() };
    const firstSentAt = Date.now();
    let res = await call('book', 'POST', '/appointments', body, key);
    let retried = false;
    // After an attempt without an answer, a 409 may be that attempt's own claims (it died before
    // committing; freed 30 s later): the load never asks twice for a slot, so it asks again.
    const again = () => failedAnswer(res) || (retried && res.status === 409);
    for (let wait = 250; again() && Date.now() - firstSentAt < RETRY_FOR_MS; wait = Math.min(wait * 2, 2000)) {
      await sleep(wait);
      retried = true;
      counts.bookingRetries++;
      res = await call('book', 'POST', '/appointments', body, key);
    }
    if (res.status === 201) {
      booked++;
      counts.book++;
      if (near) counts.nearBookings++;
      if (retried) counts.bookedOnRetry++;
      if (res.replayed) counts.replayedCommits++;
      // When the booking committed is when its first attempt was sent at the earliest: a reminder
      // due after that may be planned (the checks' "expected" compares with this time).
      const kept = Boolean(near) && counts.nearBookings <= KEPT_NEAR;
      appointments.set(res.body.id, { id: res.body.id, provider, status: 'booked', start: t, starts: [{ start: t, at: res.entry.answeredAt, ms: res.entry.answeredAt - firstSentAt }], uncertain: false, busy: false, kept });
      onBooked?.(booked);
    } else if (retried) counts.unresolvedBookings++;
    return res;
  }

  function someActive(nearOnly) {
    const pool = [...appointments.values()].filter((a) => !a.busy && !a.kept && ACTIVE.has(a.status) && (!nearOnly || a.start < Date.now() + 86_400_000));
    return pool.length ? pool[Math.floor(pick() * pool.length)] : null;
  }

  async function cancel() {
    const a = someActive(pick() < 0.1);
    if (!a) return null;
    a.busy = true;
    const res = await call('cancel', 'POST', `/appointments/${a.id}/cancel`, { reason: 'Chaos run', party: 'patient' });
    a.busy = false;
    if (res.status === 200 || res.status === 201) {
      counts.cancel++;
      a.status = 'cancelled';
      a.cancelledAt = res.entry.answeredAt;
    } else if (res.status >= 500 || res.status === 0) a.uncertain = true;
    return res;
  }

  async function reschedule() {
    const a = someActive(pick() < 0.1);
    if (!a) return null;
    const p = a.provider;
    let t;
    if (pick() < nearShare && nearOpen()) {
      const earliest = ceilGrid(Date.now() + nearLeadMs + REMINDER_OFFSET_MS);
      const candidate = Math.max(p.nearCursor, earliest);
      if (candidate - earliest <= NEAR_WINDOW_MS) {
        p.nearCursor = candidate + DURATION_MIN * 60_000;
        t = candidate;
        counts.nearReschedules++;
      }
    }
    t ??= farSlot(p);
    a.busy = true;
    const res = await call('reschedule', 'POST', `/appointments/${a.id}/reschedule`, { start: iso(t), reason: 'Chaos run' });
    a.busy = false;
    if (res.status === 200 || res.status === 201) {
      counts.reschedule++;
      a.start = t;
      a.starts.push({ start: t, at: res.entry.answeredAt, ms: res.entry.ms });
    } else if (res.status >= 500 || res.status === 0) a.uncertain = true;
    return res;
  }

  let timedOut = false;
  async function worker() {
    while (booked + inFlightBookings < bookings) {
      if (Date.now() - startedAt > timeoutMs) {
        timedOut = true;
        return;
      }
      const r = pick();
      let res = null;
      if (r < 0.15) res = await cancel();
      else if (r < 0.3) res = await reschedule();
      if (res === null) {
        await gate();
        if (booked + inFlightBookings >= bookings) return;
        inFlightBookings++;
        try {
          res = await book();
        } finally {
          inFlightBookings--;
        }
      }
      // A client backs off a little after a failure instead of hammering a service that is down.
      if (res.status === 0 || res.status >= 500) await sleep(250);
    }
  }
  const progress = setInterval(() => log(`[chaos] load: ${booked}/${bookings} booked, ${counts.cancel} cancelled, ${counts.reschedule} rescheduled, ${requests.filter((q) => q.status === 0 || q.status >= 500).length} errors`), 15_000);
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    clearInterval(progress);
  }
  // A load cut short is a failed run, but what it did is still checked and reported.
  const timeout = timedOut ? `load: only ${booked}/${bookings} bookings after ${timeoutMs / 1000}s (CHAOS_TIMEOUT_S)` : null;
  return { appointments, requests, counts, wallMs: Date.now() - startedAt, timeout };
}

module.exports = { createFixtures, runLoad, farSlot, gatewayClient, REMINDER_OFFSET, REMINDER_OFFSET_MS, ACTIVE, SITE_ID };
