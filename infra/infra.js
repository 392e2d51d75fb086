'use strict';

/*
 * Why this exists: Clinic Flow's services need Kafka, MongoDB, Redis, an SMTP server and an SMS
 * gateway, but this environment has no Docker and no internet beyond package registries. This
 * module provisions real local equivalents into CF_CACHE_DIR (default ~/.cache/clinic-flow) and
 * runs them as detached daemons per profile (own ports and state, so profiles run side by side).
 * Each component is one file in infra/components (kafka, ferretdb, redis, mail, sms-sink, clearinghouse, payments) over the
 * shared helpers in infra/lib (profiles; processes, locks and probes).
 *
 * Used by infra/cli.js and by the repo's start/test/bench scripts.
 */

const fs = require('fs');
const path = require('path');
const { CACHE_DIR, REPO_ROOT, profile } = require('./lib/profile');
const {
  HEALTH_TIMEOUT_MS, aptInstaller, isAlive, logFile, makeLogger, managedPid, mkdirp, pidFile, seconds, sleep, spawnDaemon, stopPid,
  tcpOpen, waitHealthy, withLock,
} = require('./lib/process');

/** Start order (they start in parallel; the order is that of messages and of `status`). */
const COMPONENTS = Object.fromEntries(
  ['kafka', 'ferretdb', 'redis', 'mail', 'sms-sink', 'clearinghouse', 'payments'].map((file) => require(`./components/${file}`)).map((c) => [c.name, c]),
);
const COMPONENT_ORDER = Object.keys(COMPONENTS);
/** Data the services read, provisioned like the rest but never started (nothing runs). */
const DATA_SETS = Object.fromEntries(['icd10cm', 'x12-validator', 'schemathesis'].map((file) => require(`./components/${file}`)).map((c) => [c.name, c]));
/** Provisioning order: what needs apt first, then downloads and builds. */
const PROVISION_ORDER = ['redis', 'kafka', 'mongo', 'icd10cm', 'x12-validator', 'schemathesis'];
/** Redis; Java and the Kafka jars; FerretDB; the ICD-10-CM code set; the X12 validators; the API fuzzer; node modules. */
const PROVISION_STEPS = 8;

async function ensureRunning(p, component, say, position, healthTimeoutMs = HEALTH_TIMEOUT_MS) {
  const label = component.name;
  const prefix = `[${position}/${COMPONENT_ORDER.length}]`;
  const startedAt = Date.now();
  const existing = managedPid(p, component);
  if (existing) {
    try {
      await waitHealthy(p, component, existing, Math.min(HEALTH_TIMEOUT_MS, 30000));
      say(label, `${prefix} already running (pid ${existing}, port ${component.ports(p)[0]}) ... healthy in ${seconds(startedAt)}`);
      return;
    } catch {
      say(label, `${prefix} pid ${existing} is running but unhealthy; restarting it`);
      await stopPid(existing);
    }
  }
  fs.rmSync(pidFile(p, component.name), { force: true });

  for (const port of component.ports(p)) {
    if (await tcpOpen(port, 500)) {
      throw new Error(`${component.name}: port ${port} is already in use by a process this tool did not start ` +
        `(check with: ss -ltnp 'sport = :${port}'). Stop it, or use another profile.`);
    }
  }

  const spec = await component.prepare(p, say);
  const pid = spawnDaemon(p, component.name, spec.cmd, spec.args, spec.env);
  say(label, `${prefix} start on 127.0.0.1:${component.ports(p)[0]} (pid ${pid}) ...`);
  try {
    await waitHealthy(p, component, pid, healthTimeoutMs);
  } catch (err) {
    await stopPid(pid, 5000);
    fs.rmSync(pidFile(p, component.name), { force: true });
    throw err;
  }
  say(label, `${prefix} start on 127.0.0.1:${component.ports(p)[0]} ... healthy in ${seconds(startedAt)}`);
}

function provisionNodeModules(say, n) {
  const needed = COMPONENT_ORDER.flatMap((name) => COMPONENTS[name].nodeModules ?? []);
  const missing = needed.filter((name) => !fs.existsSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json')));
  if (missing.length) throw new Error(`missing from ${REPO_ROOT}/node_modules: ${missing.join(', ')}. Run npm install in the repo root.`);
  say('modules', `${n} ${needed.join(', ')} present in node_modules`);
}

async function provision({ log } = {}) {
  const say = makeLogger(log);
  const startedAt = Date.now();
  mkdirp(CACHE_DIR);
  let done = 0;
  const tag = () => `[${(done += 1)}/${PROVISION_STEPS}]`;
  await withLock('provision', async () => {
    const aptInstall = aptInstaller(say);
    for (const name of PROVISION_ORDER) await (COMPONENTS[name] ?? DATA_SETS[name]).provision({ say, aptInstall, tag });
    provisionNodeModules(say, tag());
  });
  say('provision', `ready in ${seconds(startedAt)} (cache: ${CACHE_DIR})`);
}

// ---------------------------------------------------------------------------
// Lifecycle
// ---------------------------------------------------------------------------

async function stopAll(p, say) {
  let stoppedAny = false;
  for (const name of [...COMPONENT_ORDER].reverse()) {
    const component = COMPONENTS[name];
    const pid = managedPid(p, component);
    if (pid) {
      const startedAt = Date.now();
      const how = await stopPid(pid);
      say(name, `${how} (pid ${pid}) in ${seconds(startedAt)}`);
      stoppedAny = true;
    }
    fs.rmSync(pidFile(p, name), { force: true });
  }
  if (!stoppedAny) say('down', `nothing running for profile '${p.name}'`);
}

async function up(profileName = 'dev', { fresh = false, log } = {}) {
  const p = profile(profileName);
  const say = makeLogger(log);
  const startedAt = Date.now();
  await provision({ log });
  await withLock(`profile-${p.name}`, async () => {
    if (fresh) {
      await stopAll(p, say);
      fs.rmSync(p.stateDir, { recursive: true, force: true });
      say('up', `fresh: removed ${p.stateDir}`);
    }
    mkdirp(path.join(p.stateDir, 'logs'));
    mkdirp(path.join(p.stateDir, 'pids'));
    const results = await Promise.allSettled(
      COMPONENT_ORDER.map((name, i) => ensureRunning(p, COMPONENTS[name], say, i + 1)),
    );
    const failures = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
    if (failures.length) {
      const hint = `\n\n(to start over with empty state: node infra/cli.js up --profile ${p.name} --fresh)`;
      const error = new Error(failures.map((err) => err.message).join('\n\n') + hint);
      error.failures = failures;
      throw error;
    }
  });
  say('up', `profile '${p.name}' is up in ${seconds(startedAt)}`);
  return p;
}

async function down(profileName = 'dev', { log } = {}) {
  const p = profile(profileName);
  const say = makeLogger(log);
  await withLock(`profile-${p.name}`, () => stopAll(p, say));
}

function componentOf(name) {
  const component = COMPONENTS[name];
  if (!component) throw new Error(`unknown component '${name}' (known: ${COMPONENT_ORDER.join(', ')})`);
  return component;
}

/**
 * Kills one component of a running profile with `signal` (default SIGKILL: a crash, for `npm run
 * chaos`) and waits until its process is gone. Resolves to the pid, or null if it was not running.
 */
async function killComponent(profileName, name, signal = 'SIGKILL') {
  const p = profile(profileName);
  const pid = managedPid(p, componentOf(name));
  if (!pid) return null;
  try {
    process.kill(-pid, signal); // started detached: the pid is also its process group
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // gone already
    }
  }
  const deadline = Date.now() + 30000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`${name} (pid ${pid}) still alive 30s after ${signal}`);
    await sleep(50);
  }
  return pid;
}

/**
 * Starts one component of a profile (after killComponent) and resolves when it is healthy, within
 * `timeoutMs` (default CF_INFRA_TIMEOUT_MS or 60 s: Kafka recovering its log after a kill -9 on a
 * busy machine may need more).
 */
async function startComponent(profileName, name, { log, timeoutMs = HEALTH_TIMEOUT_MS } = {}) {
  const p = profile(profileName);
  const component = componentOf(name);
  await withLock(`profile-${p.name}`, () => ensureRunning(p, component, makeLogger(log), COMPONENT_ORDER.indexOf(name) + 1, timeoutMs));
}

async function status(profileName = 'dev') {
  const p = profile(profileName);
  return Promise.all(COMPONENT_ORDER.map(async (name) => {
    const component = COMPONENTS[name];
    const pid = managedPid(p, component);
    return {
      name,
      running: Boolean(pid),
      pid,
      port: component.ports(p)[0],
      healthy: await component.healthy(p).catch(() => false),
      log: logFile(p, name),
    };
  }));
}

module.exports = {
  CACHE_DIR,
  REPO_ROOT,
  COMPONENTS: COMPONENT_ORDER,
  profile,
  provision,
  up,
  down,
  status,
  killComponent,
  startComponent,
};
