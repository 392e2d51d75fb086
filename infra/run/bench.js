'use strict';
/*
 * `npm run bench`: the figures of issue 3, measured end to end on this machine so changes can be
 * compared with numbers instead of impressions:
 *   slots      GET /slots for a month across a site of 20 providers, and first-available (bench/slots.js)
 *   engines    the bare engines on the same infrastructure: raw inserts and compare-and-set updates
 *              (bare driver), raw kafkajs produce-to-consume, raw BullMQ delayed-job lateness
 *              (bench/engines.js); the report's `ratios` set the system's figures against them
 *   booking    booking throughput and p99 latency through the gateway at concurrency 1, 16, 64 (bench/booking.js)
 *   reminders  10,000 reminders due over a few minutes: lateness p50/p99/max, lost, sent twice (bench/reminders.js)
 *   patients   patient search p50/p99 at 100,000 patients, the search index's load time and memory,
 *              registration throughput at concurrency 1, 8, 32 (bench/patients.js)
 *   audit      patient reads through the gateway at concurrency 1, 16, 64, each written to the audit
 *              trail before it answers, and the time to verify every chain (bench/audit.js)
 *   x12        eligibility 270/271 against the clearinghouse simulator: real-time p99 at concurrency 1
 *              and 8, a 500-inquiry nightly batch end to end (bench/x12.js)
 *   eligibility  the insurance service's own flow: a 500-visit nightly batch from request to every check
 *              recorded (visits/s), and on-demand real-time checks p50/p99 through the gateway (bench/eligibility.js)
 *   claims     billing's claim flow: claims per second end to end (create + submit, 999 back), the pay
 *              cycle's 835 posted, and posting time for an uploaded 835 of 1,000 claims (bench/claims.js)
 *   restart    scheduling and notification killed with -9 and started again: time to their first HTTP
 *              answer, first booking, readiness, consumer group joined, reminders planned (bench/restart.js)
 *   tracing    booking throughput and p99 with tracing off and exporting every span over OTLP, alternated
 *              (bench/tracing.js)
 *
 * It starts the test profile's infrastructure with empty state (never the dev profile's data or
 * ports), builds and starts every service with the settings the modules ask for, runs the modules
 * one after the other (slots first, on a quiet system), and stops everything. Progress goes to
 * stderr; one JSON document goes to stdout. The exit code is non-zero if a module failed (errors,
 * lost or duplicated messages), not when a figure is slow: figures are for comparison.
 *
 * Settings: BENCH_ONLY=slots,engines,booking,reminders,patients,audit,x12,eligibility,claims,restart,tracing (default all), and each module's own (see its header).
 */
const os = require('node:os');
const { ensureDependencies } = require('./ensure-deps');
const { loginVia } = require('./bench/common');

const PROFILE = process.env.CLINIC_FLOW_TEST_PROFILE || 'test';
const MODULES = {
  slots: () => require('./bench/slots').run,
  engines: () => require('./bench/engines').run,
  booking: () => require('./bench/booking').runBookingBench,
  reminders: () => require('./bench/reminders').run,
  patients: () => require('./bench/patients').run,
  audit: () => require('./bench/audit').run,
  x12: () => require('./bench/x12').run,
  eligibility: () => require('./bench/eligibility').run,
  claims: () => require('./bench/claims').run,
  restart: () => require('./bench/restart').run,
  tracing: () => require('./bench/tracing').run,
};
const OVERRIDES = { reminders: () => require('./bench/reminders').overrides, patients: () => require('./bench/patients').overrides };

const log = (line) => process.stderr.write(`${line}\n`);

function selected() {
  const names = (process.env.BENCH_ONLY || Object.keys(MODULES).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !MODULES[n]);
  if (unknown.length) throw new Error(`BENCH_ONLY: unknown benchmark ${unknown.join(', ')} (known: ${Object.keys(MODULES).join(', ')})`);
  return names;
}

/** Merges the service settings the selected modules need over LOG_LEVEL=warn. */
function overridesFor(names) {
  // Access tokens for an hour: a benchmark signs in once and may run longer than the default 5 minutes.
  const merged = { '*': { LOG_LEVEL: 'warn' }, 'api-gateway': { ACCESS_TOKEN_TTL_SECONDS: '3600' } };
  for (const name of names) {
    for (const [service, env] of Object.entries(OVERRIDES[name]?.() ?? {})) merged[service] = { ...(merged[service] ?? {}), ...env };
  }
  return merged;
}

async function main() {
  ensureDependencies(log);
  const names = selected();
  const { runOnSystem } = require('./run-system');
  const report = { date: new Date().toISOString(), machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version } };
  const failed = [];
  // The system's start, its cleanup on SIGINT (also while the services start) and its stop: ./run-system.js.
  return runOnSystem({ profile: PROFILE, tag: 'bench', overrides: overridesFor(names), log }, async ({ system, infra, gatewayUrl }) => {
    // `system` lets a module restart a service (patients: reload the search index after a bulk load).
    const ctx = { gatewayUrl, login: loginVia(gatewayUrl), env: infra.profile(PROFILE).env, log, system };
    for (const name of names) {
      log(`[bench] ── ${name}`);
      const started = Date.now();
      try {
        const { report: figures, ok } = await MODULES[name]()(ctx);
        report[name] = figures;
        if (!ok) failed.push(name);
      } catch (error) {
        report[name] = { error: error.message };
        failed.push(name);
        log(`[bench] ${name} FAILED: ${error.stack || error.message}`);
      }
      log(`[bench] ── ${name}: ${failed.includes(name) ? 'FAILED' : 'ok'} in ${((Date.now() - started) / 1000).toFixed(0)}s`);
    }
    report.ratios = require('./bench/engines').ratios(report);
    if (failed.length) log(`[bench] FAILED: ${failed.join(', ')}`);
    return { report, ok: failed.length === 0 };
  });
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

