'use strict';
/*
 * Restart benchmark (issue 14): how soon a service killed with -9 and started again at once serves.
 * For scheduling and then notification: kill -9, start again, and poll every BENCH_RESTART_POLL_MS
 * (default 100): the service's own HTTP (/health/live), a booking through the gateway (a new slot
 * each try), its readiness, and its consumer group (the `consumer` check's state). For notification
 * also: when a booking made right after the kill has its reminders planned (its consumer at work).
 *
 * Before the fix, HTTP waited for the consumer group join, which waited for the dead member's
 * session to expire (30 s): about 28 s without bookings. Figures, not assertions: `ok` is false
 * only if a service never came back within BENCH_RESTART_TIMEOUT_S (default 90).
 *
 * Runs inside `npm run bench` (it needs the system handle to kill and start a service):
 *   BENCH_ONLY=restart npm run bench
 */
const { performance } = require('node:perf_hooks');
const { getJson } = require('../../lib/get-json');
const { round1, sleep } = require('./common');
const { gatewayClient, createProviders, registerPatients, slot } = require('./booking');

const SERVICES = ['scheduling', 'notification'];

async function restartOnce(ctx, name, desk, fixtures, firstRow, options) {
  const { system, log } = ctx;
  const base = `http://127.0.0.1:${system.ports[name]}`;
  await system.kill(name, 'SIGKILL');
  const t0 = performance.now();
  system.spawn(name);
  const since = () => round1(performance.now() - t0);
  const figures = { service: name, firstHttpMs: null, firstBookingMs: null, readyMs: null, consumerConsumingMs: null, failedBookings: 0, failedByStatus: {} };
  let i = 0;
  let probe = null;
  const deadline = t0 + options.timeoutMs;
  while (performance.now() < deadline) {
    const [live, ready] = await Promise.all([getJson(`${base}/health/live`, 1000), getJson(`${base}/health/ready`, 1000)]);
    if (figures.firstHttpMs === null && live.status === 200) figures.firstHttpMs = since();
    if (figures.readyMs === null && ready.status === 200) figures.readyMs = since();
    if (figures.consumerConsumingMs === null && ready.body?.checks?.consumer?.state === 'consuming') figures.consumerConsumingMs = since();
    if (figures.firstBookingMs === null) {
      const { providerId, patientId, start } = slot(i++, firstRow, fixtures.providers, fixtures.patients);
      const res = await desk
        .call('POST', '/appointments', { patientId, providerId, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', start, reason: 'Restart benchmark' })
        .catch((error) => ({ status: 0, body: error.message }));
      if (res.status === 201) {
        figures.firstBookingMs = since();
        probe = res.body.id;
      } else {
        figures.failedBookings++;
        figures.failedByStatus[res.status] = (figures.failedByStatus[res.status] ?? 0) + 1;
      }
    }
    if (name === 'notification' && probe && figures.remindersPlannedMs === undefined) {
      const res = await desk.call('GET', `/appointments/${probe}/notifications`).catch(() => ({ status: 0 }));
      if (res.status === 200 && res.body.items.length > 0) figures.remindersPlannedMs = since();
    }
    const done = figures.firstBookingMs !== null && figures.readyMs !== null && figures.consumerConsumingMs !== null && (name !== 'notification' || figures.remindersPlannedMs !== undefined);
    if (done) break;
    await sleep(options.pollMs);
  }
  if (name === 'notification' && figures.remindersPlannedMs === undefined) figures.remindersPlannedMs = null;
  log(`[bench:restart] ${name}: ${JSON.stringify(figures)}`);
  return { figures, rowsUsed: Math.ceil(i / fixtures.providers.length) + 1 };
}

async function run(ctx) {
  if (!ctx.system) throw new Error('the restart benchmark runs inside npm run bench (BENCH_ONLY=restart): it kills and starts services');
  const options = { pollMs: Number(process.env.BENCH_RESTART_POLL_MS || 100), timeoutMs: Number(process.env.BENCH_RESTART_TIMEOUT_S || 90) * 1000 };
  const manager = gatewayClient(ctx.gatewayUrl, await ctx.login('office-manager'));
  const desk = gatewayClient(ctx.gatewayUrl, await ctx.login('receptionist'));
  const runId = `r${Date.now().toString(36)}`;
  const fixtures = { providers: await createProviders(manager, runId, 4), patients: await registerPatients(desk, runId, 4) };
  const services = [];
  let firstRow = 0;
  for (const name of SERVICES) {
    const { figures, rowsUsed } = await restartOnce(ctx, name, desk, fixtures, firstRow, options);
    firstRow += rowsUsed;
    services.push(figures);
  }
  return { report: { benchmark: 'restart', pollMs: options.pollMs, services }, ok: services.every((s) => s.firstBookingMs !== null && s.readyMs !== null) };
}

module.exports = { run };
