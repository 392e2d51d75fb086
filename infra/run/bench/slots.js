'use strict';
/*
 * Slot search benchmark: a site of 20 providers (site-riverside, topped up with bench providers
 * `bench-prov-NN` with weekday templates, and bench exam rooms so rooms do not run out first),
 * some bookings over the coming month, then GET /slots for a month and GET /slots/first-available,
 * timed through the gateway (client side) and inside scheduling (`searchMs` of the answer).
 * Setup goes through the public API as an office manager and is idempotent, so it can run again
 * on the same state.
 *
 * Standalone, against a system already running on $CLINIC_FLOW_TEST_PROFILE (default test):
 *   node infra/run/bench/slots.js        (GATEWAY_URL overrides the gateway address)
 * Settings: BENCH_SLOT_RUNS (default 50), BENCH_SLOT_BOOKINGS (default 120).
 */
const { performance } = require('node:perf_hooks');

const SITE_ID = 'site-riverside';
const TYPE_ID = 'follow-up';
const PROVIDERS = 20;
const ROOMS_PER_PROVIDER = 2;
const WARM_UP_RUNS = 3;
const DAY_MS = 86_400_000;

const { distinctName, round1, summary, standalone } = require('./common');

function client(gatewayUrl, token) {
  return async function call(method, path, body) {
    const started = performance.now();
    const res = await fetch(`${gatewayUrl}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, ms: performance.now() - started };
  };
}

async function expectOk(call, method, path, body, ok = [200, 201]) {
  const res = await call(method, path, body);
  if (!ok.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

/** Site-local date (YYYY-MM-DD) `days` from now. */
function localDate(timeZone, days) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * DAY_MS));
}

async function setUp(manager, log) {
  const type = (await expectOk(manager, 'GET', `/appointment-types/${TYPE_ID}`)).body;
  const existing = (await expectOk(manager, 'GET', `/providers?siteId=${SITE_ID}&limit=200`)).body.items;
  const eligible = existing.filter((p) => type.providerRoles.includes(p.role) && !p.virtual && !p.id.startsWith('bench-prov-'));
  const benchCount = Math.max(0, PROVIDERS - eligible.length);
  const weekdays = [1, 2, 3, 4, 5];
  const sessions = [...weekdays.map((weekday) => ({ weekday, start: '08:00', end: '12:00' })), ...weekdays.map((weekday) => ({ weekday, start: '13:00', end: '17:00' }))];
  for (let i = 1; i <= benchCount; i++) {
    const id = `bench-prov-${String(i).padStart(2, '0')}`;
    const created = await manager('POST', '/providers', { id, name: `Bench Provider ${String(i).padStart(2, '0')}`, role: 'physician', specialty: 'Family medicine', siteIds: [SITE_ID] });
    if (created.status !== 201 && created.body?.code !== 'PROVIDER.EXISTS') throw new Error(`POST /providers: ${created.status} ${JSON.stringify(created.body)}`);
    await expectOk(manager, 'PUT', `/providers/${id}/availability/${SITE_ID}`, { sessions, acknowledgeConflicts: true });
  }
  const rooms = (await expectOk(manager, 'GET', `/rooms?siteId=${SITE_ID}`)).body.items.filter((r) => r.kind === type.roomKind);
  for (let i = rooms.length + 1; i <= PROVIDERS * ROOMS_PER_PROVIDER; i++) {
    const res = await manager('POST', '/rooms', { id: `bench-room-${String(i).padStart(2, '0')}`, siteId: SITE_ID, name: `Bench exam ${i}`, kind: type.roomKind });
    if (res.status !== 201 && res.body?.code !== 'ROOM.EXISTS') throw new Error(`POST /rooms: ${res.status} ${JSON.stringify(res.body)}`);
  }
  log(`[bench:slots] ${SITE_ID}: ${eligible.length} providers + ${benchCount} bench providers, ${Math.max(rooms.length, PROVIDERS * ROOMS_PER_PROVIDER)} ${type.roomKind} rooms`);
  return type;
}

/** Books open slots spread over the month (through the normal booking API), one patient per booking. */
async function book(desk, slots, count, log) {
  const runId = Date.now().toString(36);
  const picks = slots.filter((_, i) => i % Math.max(1, Math.floor(slots.length / count)) === 0).slice(0, count);
  let booked = 0;
  const failures = {};
  for (const [i, slot] of picks.entries()) {
    const patient = await desk('POST', '/patients', { firstName: 'Bench', lastName: distinctName(i, `slots${runId}`), dateOfBirth: '1980-01-01', email: `bench-slots-${runId}-${i}@example.com`, preferredChannel: 'email', siteId: SITE_ID });
    if (patient.status !== 201) throw new Error(`POST /patients: ${patient.status} ${JSON.stringify(patient.body)}`);
    const res = await desk('POST', '/appointments', { patientId: patient.body.id, providerId: slot.providerId, siteId: SITE_ID, appointmentTypeId: TYPE_ID, start: slot.start, reason: 'Bench follow-up' });
    if (res.status === 201) booked++;
    else failures[res.body?.code ?? res.status] = (failures[res.body?.code ?? res.status] ?? 0) + 1;
  }
  log(`[bench:slots] booked ${booked}/${picks.length}${Object.keys(failures).length ? ` (failures: ${JSON.stringify(failures)})` : ''}`);
  return { attempted: picks.length, booked, failures };
}

async function timed(runs, request) {
  const client = [];
  const server = [];
  let last;
  for (let i = 0; i < WARM_UP_RUNS + runs; i++) {
    const res = await request();
    if (res.status !== 200) throw new Error(`slot search answered ${res.status} ${JSON.stringify(res.body)}`);
    if (i >= WARM_UP_RUNS) {
      client.push(res.ms);
      if (typeof res.body.searchMs === 'number') server.push(res.body.searchMs);
    }
    last = res.body;
  }
  return { client, server, last };
}

/**
 * @param {{gatewayUrl: string, login(role: string): Promise<string>, log(line: string): void}} ctx
 */
async function run(ctx) {
  const { gatewayUrl, log } = ctx;
  const runs = Number(process.env.BENCH_SLOT_RUNS || 50);
  const bookings = Number(process.env.BENCH_SLOT_BOOKINGS || 120);
  const manager = client(gatewayUrl, await ctx.login('office-manager'));
  const desk = client(gatewayUrl, await ctx.login('medical-assistant'));
  await setUp(manager, log);
  const site = (await expectOk(manager, 'GET', `/sites/${SITE_ID}/hours`)).body;
  const from = localDate(site.timeZone, 1);
  const to = localDate(site.timeZone, 30);
  const monthPath = `/slots?siteId=${SITE_ID}&appointmentTypeId=${TYPE_ID}&from=${from}&to=${to}&limit=5000`;

  const before = (await expectOk(desk, 'GET', monthPath)).body;
  const booking = await book(desk, before.items, bookings, log);

  const firstCall = await desk('GET', `/slots?siteId=${SITE_ID}&appointmentTypeId=${TYPE_ID}&from=${from}&to=${to}&limit=50`);
  const month = await timed(runs, () => desk('GET', `/slots?siteId=${SITE_ID}&appointmentTypeId=${TYPE_ID}&from=${from}&to=${to}&limit=50`));
  log(`[bench:slots] month search: ${month.last.total} open slots across ${month.last.providers} providers`);
  const first = await timed(runs, () => desk('GET', `/slots/first-available?siteId=${SITE_ID}&appointmentTypeId=${TYPE_ID}`));
  const report = {
    site: SITE_ID,
    appointmentType: TYPE_ID,
    providers: month.last.providers,
    range: { from, to },
    bookings: booking,
    openSlotsBefore: before.total,
    openSlotsAfter: month.last.total,
    monthSearch: {
      firstCallMs: round1(firstCall.ms),
      gatewayMs: summary(month.client),
      serviceMs: summary(month.server),
    },
    firstAvailable: { gatewayMs: summary(first.client), slot: first.last },
  };
  // Failed requests throw (expectOk / timed); what is left to judge is the target itself.
  return { report, ok: true };
}

module.exports = { run };

if (require.main === module) standalone('slots', run);
