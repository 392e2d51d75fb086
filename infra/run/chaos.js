'use strict';
/*
 * `npm run chaos` (issue 14): does the system hold when its parts crash under load?
 *
 * Starts the test profile's infrastructure with empty state and the whole system the way
 * `npm run bench` does, then drives a load through the gateway (CHAOS_BOOKINGS bookings with
 * cancels and reschedules mixed in, some of them near enough that their reminder falls due during
 * the run; chaos/load.js) while it kills with -9, in turn, every service, Kafka, Redis and the
 * database, keeps each down CHAOS_DOWN_S seconds and starts it again (chaos/faults.js). Then it
 * checks what was committed against every view and the sinks (chaos/checks.js), passing again
 * until the last reminder is due and sent or CHAOS_SETTLE_S runs out.
 *
 * Progress goes to stderr, one JSON document to stdout; the exit code is non-zero on any lost
 * change, reminder lost or sent twice, double booking, or 5xx outside the kill windows.
 *
 * Settings (environment):
 *   CHAOS_BOOKINGS      bookings answered 201 (default 2000)
 *   CHAOS_CONCURRENCY   requests in flight (default 4)
 *   CHAOS_TARGETS       what to kill, in order (default every service, kafka, redis, mongo)
 *   CHAOS_DOWN_S        seconds each stays down (default 5)
 *   CHAOS_GAP_S         pause after a target is back before the next may go (default 5)
 *   CHAOS_GRACE_S       errors this long after a window's recovery still count as inside it (default 5)
 *   CHAOS_PROVIDERS     providers (one patient each; default 24)
 *   CHAOS_NEAR_SHARE    share of bookings and reschedules that try a slot whose reminder is due soon (default 0.4)
 *   CHAOS_NEAR_LEAD_S   a near slot's reminder is due at least this long after its booking (default 30)
 *   CHAOS_NEAR_UNTIL    near slots only while fewer than this share of the bookings are made (default 1)
 *   CHAOS_SETTLE_S      how long after the last due reminder the checks may keep passing again (default 120)
 *   CHAOS_TIMEOUT_S     the load gives up after this long (default 3600)
 *   CHAOS_SEED          the mix's random seed (default: the time)
 *   CHAOS_REUSE_INFRA   1: the profile's infrastructure is up and the build done (npm test's short
 *                       run, after its e2e step): use both, leave the infrastructure up (default 0:
 *                       start it with empty state, build, and stop it at the end)
 *   CLINIC_FLOW_TEST_PROFILE (default test), CLINIC_FLOW_DIST_DIR, CLINIC_FLOW_START_TIMEOUT_S as for bench
 * `npm run chaos:short` is CHAOS_BOOKINGS=150 with scheduling, notification, redis and kafka; npm test
 * runs a shorter one (infra/run/test.js, SHORT_CHAOS).
 */
const os = require('node:os');
const { ensureDependencies } = require('./ensure-deps');
const { loginVia, positiveInt, sleep } = require('./bench/common');
const { createFixtures, runLoad, farSlot, gatewayClient, REMINDER_OFFSET_MS, ACTIVE, SITE_ID } = require('./chaos/load');
const { faultSchedule, parseTargets, SERVICES } = require('./chaos/faults');
const { check } = require('./chaos/checks');

const PROFILE = process.env.CLINIC_FLOW_TEST_PROFILE || 'test';
const log = (line) => process.stderr.write(`${line}\n`);

function settings(env = process.env) {
  const share = Number(env.CHAOS_NEAR_SHARE ?? '0.4');
  if (!(share >= 0 && share <= 1)) throw new Error(`CHAOS_NEAR_SHARE must be between 0 and 1, got "${env.CHAOS_NEAR_SHARE}"`);
  const seconds = (name, fallback) => positiveInt(name, env[name] || String(fallback)) * 1000;
  const nearUntil = Number(env.CHAOS_NEAR_UNTIL ?? '1');
  if (!(nearUntil > 0 && nearUntil <= 1)) throw new Error(`CHAOS_NEAR_UNTIL must be above 0 and at most 1, got "${env.CHAOS_NEAR_UNTIL}"`);
  return {
    bookings: positiveInt('CHAOS_BOOKINGS', env.CHAOS_BOOKINGS || '2000'),
    concurrency: positiveInt('CHAOS_CONCURRENCY', env.CHAOS_CONCURRENCY || '4'),
    targets: parseTargets(env.CHAOS_TARGETS || [...SERVICES, 'kafka', 'redis', 'mongo'].join(',')),
    downMs: seconds('CHAOS_DOWN_S', 5),
    gapMs: seconds('CHAOS_GAP_S', 5),
    graceMs: seconds('CHAOS_GRACE_S', 5),
    providers: positiveInt('CHAOS_PROVIDERS', env.CHAOS_PROVIDERS || '24'),
    nearShare: share,
    nearLeadMs: seconds('CHAOS_NEAR_LEAD_S', 30),
    nearUntil,
    reuseInfra: env.CHAOS_REUSE_INFRA === '1',
    settleMs: seconds('CHAOS_SETTLE_S', 120),
    timeoutMs: seconds('CHAOS_TIMEOUT_S', 3600),
    seed: env.CHAOS_SEED ? positiveInt('CHAOS_SEED', env.CHAOS_SEED) : Date.now() % 2 ** 31,
  };
}

/** What the services run with here: the benchmark's quiet logs, no quiet hours, no automatic no-shows of the run's near visits. */
const OVERRIDES = {
  '*': { LOG_LEVEL: 'warn' },
  'api-gateway': { ACCESS_TOKEN_TTL_SECONDS: '7200' },
  scheduling: { SCHEDULING_GRID_MINUTES: '1', NO_SHOW_AFTER_MINUTES: '1440' },
  notification: { QUIET_HOURS: 'off' },
};

/** How late a due reminder may reach its sink before the checks count it lost. */
const SEND_ALLOWANCE_MS = 15_000;

const iso = (t) => (t === null || t === undefined ? null : new Date(t).toISOString());

async function main() {
  ensureDependencies(log);
  const s = settings();
  const { runOnSystem } = require('./run-system');
  const started = Date.now();
  return runOnSystem({ profile: PROFILE, tag: 'chaos', overrides: OVERRIDES, reuseInfra: s.reuseInfra, log }, async ({ system, infra, gatewayUrl }) => {
      const env = infra.profile(PROFILE).env;
      const login = loginVia(gatewayUrl);
      const manager = gatewayClient(gatewayUrl, await login('office-manager'));
      const desk = gatewayClient(gatewayUrl, await login('receptionist'));
      const runId = Date.now().toString(36);
      const fixtures = await createFixtures({ manager, desk, runId, providers: s.providers + 1, log });
      // The last provider is the fault schedule's probe: a booking of its own tells when the system serves again.
      const prober = fixtures.providers.pop();
      const probe = async () =>
        (await desk.call('POST', '/appointments', { patientId: prober.patientId, providerId: prober.id, siteId: SITE_ID, appointmentTypeId: fixtures.typeId, start: new Date(farSlot(prober)).toISOString(), reason: 'Chaos probe' })).status;

      const requests = [];
      const faults = faultSchedule({ targets: s.targets, bookings: s.bookings, downMs: s.downMs, gapMs: s.gapMs, profile: PROFILE, system, infra, requests, probe, log });
      log(`[chaos] load of ${s.bookings} bookings at concurrency ${s.concurrency}; killing in turn: ${s.targets.join(', ')} (seed ${s.seed})`);
      const faultsDone = faults.run().catch((error) => ({ windows: [], error: error.message }));
      let load;
      try {
        load = await runLoad({ desk, fixtures, bookings: s.bookings, concurrency: s.concurrency, nearShare: s.nearShare, nearLeadMs: s.nearLeadMs, nearUntil: s.nearUntil, seed: s.seed, gate: faults.gate, onBooked: faults.onBooked, timeoutMs: s.timeoutMs, log, requests });
      } finally {
        faults.stop();
      }
      const { windows, error: faultError } = await faultsDone;
      const loadEnded = Date.now();
      log(`[chaos] load done in ${(load.wallMs / 1000).toFixed(0)}s: ${JSON.stringify(load.counts)}`);

      // Pass the checks once the last reminder is due, then again (each pass reads every view and
      // sink: the markers) until they hold or the settle time is over. A reminder due but not yet at a
      // sink keeps them waiting; it counts as lost only SEND_ALLOWANCE_MS after it was due.
      const lastDue = Math.max(0, ...[...load.appointments.values()].filter((a) => ACTIVE.has(a.status)).map((a) => a.start - REMINDER_OFFSET_MS).filter((d) => d < Date.now() + 3600_000));
      const firstCheck = Math.max(loadEnded, lastDue);
      if (firstCheck > Date.now()) log(`[chaos] waiting ${((firstCheck - Date.now()) / 1000).toFixed(0)}s for the last reminder due during the run`);
      await sleep(Math.max(0, firstCheck - Date.now()));
      const deadline = Date.now() + s.settleMs;
      let result;
      for (let pass = 1; ; pass++) {
        result = await check({ desk, env, fixtures, load, windows, graceMs: s.graceMs, sendAllowanceMs: SEND_ALLOWANCE_MS });
        log(`[chaos] check pass ${pass}: ${result.failures.length ? result.failures.join('; ') : result.waiting ? 'waiting for reminders due' : 'all hold'}`);
        if (!result.waiting || Date.now() > deadline) break;
        await sleep(1000);
      }

      const byOp = {};
      for (const q of load.requests) {
        const o = (byOp[q.op] ??= { requests: 0, ok: 0, latencies: [] });
        o.requests++;
        if (q.status >= 200 && q.status < 300) o.ok++;
        o.latencies.push(q.ms);
      }
      const { summary } = require('./bench/common');
      const report = {
        benchmark: 'chaos',
        date: new Date(started).toISOString(),
        machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadavg: os.loadavg().map((x) => Math.round(x * 10) / 10) },
        settings: { ...s, nearLeadS: s.nearLeadMs / 1000, nearLeadMs: undefined, downS: s.downMs / 1000, gapS: s.gapMs / 1000, graceS: s.graceMs / 1000, settleS: s.settleMs / 1000, downMs: undefined, gapMs: undefined, graceMs: undefined, settleMs: undefined, timeoutMs: undefined, appointmentType: fixtures.typeId, reminderOffset: 'PT1M' },
        load: {
          seconds: Math.round(load.wallMs / 1000),
          ...load.counts,
          requestsPerSecond: Math.round((load.requests.length / (load.wallMs / 1000)) * 10) / 10,
          byOp: Object.fromEntries(Object.entries(byOp).map(([op, o]) => [op, { requests: o.requests, ok: o.ok, latencyMs: summary(o.latencies) }])),
        },
        kills: windows.map((w) => ({
          target: w.target,
          killedAt: iso(w.killedAt),
          restartedAt: iso(w.restartedAt),
          readyAt: iso(w.readyAt),
          firstSuccessAt: iso(w.firstSuccessAt),
          windowEnd: iso(w.end),
          downMs: w.downMs,
          readyAfterRestartMs: w.readyMs,
          firstSuccessAfterRestartMs: w.firstSuccessMs,
          requestsInWindow: w.requests,
          failedRequestsInWindow: w.failedRequests,
          failedRequestsByStatus: w.failedByStatus,
          failedProbesByStatus: w.failedProbes,
        })),
        skippedKills: s.targets.slice(windows.length),
        checks: result.report,
        failures: result.failures,
        totalSeconds: Math.round((Date.now() - started) / 1000),
      };
      if (load.timeout) result.failures.push(load.timeout);
      if (faultError) result.failures.push(`did not come back after its kill: ${faultError}`);
      else if (windows.length < s.targets.length) result.failures.push(`only ${windows.length}/${s.targets.length} kills made`);
      log(`[chaos] ${result.failures.length ? `FAILED: ${result.failures.join('; ')}` : 'everything held'} (${report.totalSeconds}s in all)`);
      return { report, ok: result.failures.length === 0 };
  });
}

if (require.main === module) {
  main().then(
    ({ report, ok }) => process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(ok ? 0 : 1)),
    (error) => {
      log(`[chaos] FAILED: ${error.stack || error.message}`);
      process.exit(1);
    },
  );
}

module.exports = { settings };
