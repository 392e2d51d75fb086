'use strict';
/*
 * Tracing overhead: booking throughput and latency through the gateway with tracing off (no OTLP
 * endpoint, the services' default) and on (every service exporting every span over OTLP/HTTP to a
 * local receiver, infra/lib/otlp-receiver.js, as it would to Jaeger). It runs the booking benchmark
 * (bench/booking.js) at one concurrency level, alternating off and on for a few rounds so a busy
 * machine's drift falls on both; the services are restarted for each switch.
 *
 * Settings: BENCH_TRACING_CONCURRENCY (default 16), BENCH_TRACING_BOOKINGS per run (default 200),
 * BENCH_TRACING_ROUNDS (off+on pairs, default 2).
 */
const { runBookingBench } = require('./booking');
const { positiveInt, round1 } = require('./common');
const { startOtlpReceiver } = require('../../lib/otlp-receiver');
const { SERVICES } = require('../../services');

function settings(env = process.env) {
  return {
    concurrency: positiveInt('BENCH_TRACING_CONCURRENCY', env.BENCH_TRACING_CONCURRENCY || '16'),
    bookings: positiveInt('BENCH_TRACING_BOOKINGS', env.BENCH_TRACING_BOOKINGS || '200'),
    rounds: positiveInt('BENCH_TRACING_ROUNDS', env.BENCH_TRACING_ROUNDS || '2'),
  };
}

/** Restarts every service with tracing on (exporting to `endpoint`) or off. */
async function switchTracing(system, endpoint, log) {
  const env = endpoint ? { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SDK_DISABLED: 'false' } : { OTEL_SDK_DISABLED: 'true' };
  const started = Date.now();
  for (const { name } of SERVICES) await system.restart(name, { env });
  log(`[bench:tracing] tracing ${endpoint ? 'on' : 'off'} (services restarted in ${((Date.now() - started) / 1000).toFixed(0)}s)`);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null;
};

/** ctx = { gatewayUrl, login, log, system } (bench.js). */
async function run(ctx) {
  const options = settings();
  const log = ctx.log ?? (() => undefined);
  if (!ctx.system?.restart) throw new Error('the tracing benchmark restarts the services: run it from bench.js');
  const receiver = await startOtlpReceiver();
  const runs = [];
  let ok = true;
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (const tracing of [false, true]) {
        await switchTracing(ctx.system, tracing ? receiver.url : null, log);
        const spansBefore = receiver.stats().spans;
        const { report, ok: runOk } = await runBookingBench({ ...ctx, settings: { concurrency: [options.concurrency], bookings: options.bookings } });
        ok &&= runOk;
        const [level] = report.levels;
        runs.push({ tracing, bookingsPerSecond: level.bookingsPerSecond, latencyMs: level.latencyMs, errors: level.errors, spansExported: receiver.stats().spans - spansBefore });
        log(`[bench:tracing] round ${round + 1} tracing ${tracing ? 'on' : 'off'}: ${level.bookingsPerSecond} bookings/s, p99 ${level.latencyMs.p99} ms`);
      }
    }
  } finally {
    await switchTracing(ctx.system, null, log).catch((error) => log(`[bench:tracing] restoring tracing off failed: ${error.message}`));
    await receiver.close();
  }
  const of = (tracing, pick) => median(runs.filter((r) => r.tracing === tracing).map(pick));
  const off = of(false, (r) => r.bookingsPerSecond);
  const on = of(true, (r) => r.bookingsPerSecond);
  // Tracing must actually have exported while on, and nothing while off.
  ok &&= runs.every((r) => (r.tracing ? r.spansExported > 0 : r.spansExported === 0));
  return {
    report: {
      benchmark: 'tracing',
      date: new Date().toISOString(),
      concurrency: options.concurrency,
      bookingsPerRun: options.bookings,
      rounds: options.rounds,
      bookingsPerSecond: { off, on },
      throughputCostPercent: off && on ? round1(((off - on) / off) * 100) : null,
      latencyP99Ms: { off: of(false, (r) => r.latencyMs.p99), on: of(true, (r) => r.latencyMs.p99) },
      spansPerBooking: round1(median(runs.filter((r) => r.tracing).map((r) => r.spansExported / options.bookings))),
      runs,
    },
    ok,
  };
}

module.exports = { run, settings };
