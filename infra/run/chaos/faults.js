'use strict';
/*
 * The chaos run's faults: kill -9 each target in turn while the load runs, keep it down for a few
 * seconds, start it again, and record the window (killed, restarted, ready, first success of the
 * load after the restart). Services are the system's child processes (system.kill / spawn);
 * Kafka, Redis and the database are the profile's infrastructure daemons (infra.killComponent /
 * startComponent).
 *
 * Target k is killed once the load has booked k/(K+1) of its bookings, and the load is held at the
 * next threshold until that cycle is over, so every kill happens under load and the windows never
 * overlap.
 */
const { getJson } = require('../../lib/get-json');
const { sleep } = require('../bench/common');

const SERVICES = ['api-gateway', 'scheduling', 'patient-records', 'insurance', 'billing', 'notification'];
const INFRA = { kafka: 'kafka', redis: 'redis', mongo: 'mongo', database: 'mongo' };
const READY_TIMEOUT_MS = 300_000;

function parseTargets(text) {
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !SERVICES.includes(n) && !INFRA[n]);
  if (unknown.length) throw new Error(`CHAOS_TARGETS: unknown ${unknown.join(', ')} (known: ${[...SERVICES, ...Object.keys(INFRA)].join(', ')})`);
  return names;
}

/**
 * A schedule over `targets` for a load of `bookings`: `gate()` for the load, `onBooked(n)` from it,
 * and `run()`, which resolves to { windows, error } once every target was killed and is back (or
 * one did not come back: error says which, and the faults end there). `probe()`
 * books through the gateway (its own provider) and resolves to the status: a window ends at the
 * first 2xx probe after the restart, or at readiness if that comes later.
 */
function faultSchedule({ targets, bookings, downMs, gapMs, profile, system, infra, requests, probe, log }) {
  const thresholds = targets.map((_, k) => Math.floor(((k + 1) * bookings) / (targets.length + 1)));
  // While target k is down the load may book up to half a share more (never its last booking), and
  // waits there until k is started again; after that it may run on but keeps half a share for each
  // kill still to come. So every kill comes under load, even when the previous recovery was slow,
  // and the load never ends before the last target is back.
  const K = thresholds.length;
  const half = Math.max(1, Math.floor(bookings / (2 * (K + 1))));
  const whileDown = (b) => Math.min(b + half, bookings - 1);
  const afterRestart = (k) => (k + 1 < K ? bookings - (K - k - 1) * half - 1 : Infinity);
  let limit = K ? afterRestart(-1) : Infinity;
  let stopped = false;
  let booked = 0;
  const waiters = [];
  const reached = [];
  const release = () => {
    while (waiters.length && booked < limit) waiters.shift()();
  };
  function onBooked(n) {
    booked = n;
    for (const r of reached.filter((x) => n >= x.at)) {
      reached.splice(reached.indexOf(r), 1);
      r.resolve();
    }
  }
  const gate = () => (booked < limit ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve)));
  const thresholdReached = (at) => (booked >= at ? Promise.resolve() : new Promise((resolve) => reached.push({ at, resolve })));

  async function ready(name) {
    const url = `http://127.0.0.1:${system.ports[name]}/health/ready`;
    const since = Date.now();
    while (Date.now() - since < READY_TIMEOUT_MS) {
      if (system.children.get(name)?.exitInfo) throw new Error(`${name} exited after its restart (${JSON.stringify(system.children.get(name).exitInfo)})`);
      if ((await getJson(url, 1000)).status === 200) return;
      await sleep(100);
    }
    throw new Error(`${name} not ready ${READY_TIMEOUT_MS / 1000}s after its restart`);
  }

  /** Probes every 250 ms from `since` until a 2xx: its answer time, and the failed probes by status. */
  async function firstSuccess() {
    const failed = {};
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const status = await probe().catch(() => 0);
      if (status >= 200 && status < 300) return { at: Date.now(), failed };
      failed[status] = (failed[status] ?? 0) + 1;
      await sleep(250);
    }
    return { at: null, failed };
  }

  async function cycle(k, name) {
    const w = { target: name };
    limit = whileDown(booked);
    // Taken before the signal: requests cut off by the death are answered before the kill returns.
    w.killedAt = Date.now();
    if (SERVICES.includes(name)) {
      await system.kill(name, 'SIGKILL');
      await sleep(downMs);
      w.restartedAt = Date.now();
      system.spawn(name);
    } else {
      const pid = await infra.killComponent(profile, INFRA[name], 'SIGKILL');
      if (!pid) throw new Error(`${name} was not running when its turn came`);
      await sleep(downMs);
      w.restartedAt = Date.now();
    }
    // Started: the load may go on while it recovers (startComponent resolves once it is healthy).
    const healthy = SERVICES.includes(name) ? ready(name) : infra.startComponent(profile, INFRA[name], { log, timeoutMs: READY_TIMEOUT_MS });
    limit = afterRestart(k);
    release();
    const [, probed] = await Promise.all([healthy.then(() => (w.readyAt = Date.now())), firstSuccess()]);
    w.firstSuccessAt = probed.at;
    w.failedProbes = probed.failed;
    w.end = Math.max(w.readyAt, w.firstSuccessAt ?? w.readyAt);
    w.downMs = w.restartedAt - w.killedAt;
    w.readyMs = w.readyAt - w.restartedAt;
    w.firstSuccessMs = w.firstSuccessAt === null ? null : w.firstSuccessAt - w.restartedAt;
    const failed = requests.filter((q) => q.answeredAt >= w.killedAt && q.sentAt <= w.end && (q.status === 0 || q.status >= 500));
    w.failedRequests = failed.length;
    w.requests = requests.filter((q) => q.answeredAt >= w.killedAt && q.sentAt <= w.end).length;
    w.failedByStatus = {};
    for (const q of failed) w.failedByStatus[`${q.status} ${q.op} ${q.detail ?? ''}`.trim()] = (w.failedByStatus[`${q.status} ${q.op} ${q.detail ?? ''}`.trim()] ?? 0) + 1;
    log(`[chaos] ${name}: down ${(w.downMs / 1000).toFixed(1)}s, ready ${(w.readyMs / 1000).toFixed(1)}s after its restart, first booking ${w.firstSuccessMs === null ? 'never' : `${(w.firstSuccessMs / 1000).toFixed(1)}s`}, ${failed.length} failed requests of the load meanwhile`);
    return w;
  }

  async function run() {
    const windows = [];
    for (const [k, name] of targets.entries()) {
      await thresholdReached(Math.min(thresholds[k], afterRestart(k - 1)));
      if (stopped) break;
      log(`[chaos] ── kill -9 ${name} (${booked} booked)`);
      try {
        windows.push(await cycle(k, name));
      } catch (error) {
        // A target that does not come back ends the faults; the load goes on to its end and the
        // checks report what that cost.
        log(`[chaos] ${name} did not come back: ${error.message.split('\n')[0]}`);
        limit = Infinity;
        release();
        return { windows, error: `${name}: ${error.message.split('\n')[0]}` };
      }
      await sleep(gapMs);
    }
    limit = Infinity;
    release();
    return { windows, error: null };
  }

  /** The load ended (or failed): kills not yet made are skipped, and nothing waits at the gate. */
  function stop() {
    stopped = true;
    limit = Infinity;
    release();
    for (const r of reached.splice(0)) r.resolve();
  }

  return { gate, onBooked, run, stop };
}

module.exports = { faultSchedule, parseTargets, SERVICES };
