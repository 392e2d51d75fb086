'use strict';
/*
 * Starts and stops the six Clinic Flow services (built into dist/) against a running infra
 * profile. Used by `npm start`, the e2e tests and the benchmark, so all three run the same way.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const infra = require('../infra');

const { SERVICES, COMMON_FROM_PROFILE, HEALTH_PATH, urlVariable } = require('../services');
const { dataKeysEnv } = require('./keys');
const { getJson } = require('../lib/get-json');
const { RestartBackoff } = require('./supervisor');
const { RotatingLog, rotationFromEnv } = require('./log-rotation');

const ROOT = path.resolve(__dirname, '..', '..');

/** Service name -> port in a profile (the registry's dev port plus the profile's offset). */
function servicePorts(profileName) {
  const offset = infra.profile(profileName).portOffset;
  return Object.fromEntries(SERVICES.map(({ name, port }) => [name, port + offset]));
}

/**
 * A secret kept in the profile's state dir (generated once), so what it protects survives a
 * restart of `npm start`. Never used in production: there, secrets come from the environment.
 */
function profileSecret(profile, name) {
  const file = path.join(profile.stateDir, 'secrets', name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, crypto.randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * The profile's token keys: an EC P-256 pair generated once into `<state>/token-keys/` as JWKs.
 * The key id starts with `dev-`, which production mode refuses. `public-keys.json` is the JWK Set
 * services verify with: to try a rotation, add a key there and point `private.jwk.json` at it.
 */
function tokenKeys(profile) {
  const dir = path.join(profile.stateDir, 'token-keys');
  const privateFile = path.join(dir, 'private.jwk.json');
  const publicFile = path.join(dir, 'public-keys.json');
  if (!fs.existsSync(privateFile)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const kid = `dev-${profile.name ?? 'profile'}-${new Date().toISOString().slice(0, 10)}-${crypto.randomBytes(3).toString('hex')}`;
    const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' };
    const { d: _d, ...publicJwk } = jwk;
    fs.writeFileSync(privateFile, JSON.stringify(jwk), { mode: 0o600 });
    fs.writeFileSync(publicFile, JSON.stringify({ keys: [publicJwk] }));
  }
  return {
    JWT_PRIVATE_KEY: JSON.stringify(JSON.parse(fs.readFileSync(privateFile, 'utf8'))),
    JWT_PUBLIC_KEYS: JSON.stringify(JSON.parse(fs.readFileSync(publicFile, 'utf8'))),
  };
}

const pick = (names, from) => Object.fromEntries(names.filter((n) => from[n] !== undefined && from[n] !== '').map((n) => [n, from[n]]));
const mapFrom = (mapping, env) => Object.fromEntries(Object.entries(mapping).map(([own, theirs]) => [own, env[theirs]]));

/** The environment of each service for a profile, from the registry; `overrides` wins (by service name, or '*' for all). */
function serviceEnvironments(profileName, overrides = {}) {
  const profile = infra.profile(profileName);
  const ports = servicePorts(profileName);
  const ctx = { url: (name) => `http://127.0.0.1:${ports[name]}`, publicUrl: (name) => `http://localhost:${ports[name]}` };
  const keys = process.env.JWT_PRIVATE_KEY && process.env.JWT_PUBLIC_KEYS ? { JWT_PRIVATE_KEY: process.env.JWT_PRIVATE_KEY, JWT_PUBLIC_KEYS: process.env.JWT_PUBLIC_KEYS } : tokenKeys(profile);
  const common = {
    ...mapFrom(COMMON_FROM_PROFILE, profile.env),
    JWT_PUBLIC_KEYS: keys.JWT_PUBLIC_KEYS,
    LOG_LEVEL: process.env.LOG_LEVEL || 'info',
    // OpenTelemetry's standard variables (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_BSP_*, ...) reach every service.
    ...Object.fromEntries(Object.entries(process.env).filter(([name, value]) => name.startsWith('OTEL_') && value)),
  };
  return Object.fromEntries(
    SERVICES.map((s) => [
      s.name,
      {
        ...common,
        // Only a service that produces or consumes events gets Kafka.
        ...(s.infra.includes('kafka') ? { KAFKA_BROKERS: profile.env.KAFKA_BROKERS } : {}),
        // Only the gateway holds the private key; the others verify with the public keys.
        ...(s.signsTokens ? { JWT_PRIVATE_KEY: keys.JWT_PRIVATE_KEY } : {}),
        ...Object.fromEntries((s.secrets ?? []).map((name) => [name, process.env[name] || profileSecret(profile, name)])),
        ...(s.dataKeys ? dataKeysEnv(profile) : {}),
        PORT: String(ports[s.name]),
        ...mapFrom(s.fromProfile, profile.env),
        ...Object.fromEntries(s.calls.map((callee) => [urlVariable(callee), ctx.url(callee)])),
        ...(s.demoData ? { SEED_DEMO_DATA: 'true' } : {}),
        ...(s.env ? s.env(ctx) : {}),
        ...pick(s.passThrough ?? [], process.env),
        ...(overrides[s.name] ?? {}),
        ...(overrides['*'] ?? {}),
      },
    ]),
  );
}

function portInUse(port) {
  return new Promise((resolve) => {
    const socket = require('node:net').connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** How long start-up may take: CLINIC_FLOW_START_TIMEOUT_S (a busy machine boots slowly), else `fallbackMs`. */
function startTimeoutMs(fallbackMs) {
  const seconds = Number(process.env.CLINIC_FLOW_START_TIMEOUT_S);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : fallbackMs;
}

/**
 * Starts every service from dist/ (build first). Returns a handle whose stop() sends SIGTERM,
 * waits for the graceful shutdown and kills what is left after `graceMs`. With `supervise`
 * (npm start), a service that dies on its own is started again with backoff (./supervisor.js),
 * and each death, restart and return to readiness is logged. An aborted `signal` (SIGINT while the
 * services start) stops the services started so far and rejects.
 */
async function startSystem(profileName, { overrides = {}, log = console.log, timeoutMs = startTimeoutMs(120000), logDir, supervise = false, signal } = {}) {
  const profile = infra.profile(profileName);
  const envs = serviceEnvironments(profileName, overrides);
  const dir = logDir ?? path.join(profile.stateDir, 'logs', 'services');
  fs.mkdirSync(dir, { recursive: true });
  const ports = servicePorts(profileName);
  for (const [name, port] of Object.entries(ports)) {
    if (await portInUse(port)) throw new Error(`port ${port} (${name}) is in use: is Clinic Flow already running with the ${profileName} profile?`);
  }
  const children = new Map();
  const started = Date.now();
  let stopping = false;
  /** Set once every service was ready: a death during start-up fails the start instead. */
  let startedOnce = false;
  const backoffs = new Map();
  /** Each service's log, rotated by size (CLINIC_FLOW_LOG_MAX_BYTES, CLINIC_FLOW_LOG_KEEP), kept across its restarts. */
  const logs = new Map();
  const rotation = rotationFromEnv();
  /** Polls the service's readiness after a restart and says when it serves again. */
  const announceReady = async (name, child, since) => {
    const url = `http://127.0.0.1:${ports[name]}/health/ready`;
    let serving = false;
    while (!stopping && !child.exitInfo) {
      const { status } = await getJson(url);
      if (!serving && status !== undefined && status !== 0) {
        serving = true;
        log(`[system] ${name} answers HTTP again ${((Date.now() - since) / 1000).toFixed(1)}s after it died`);
      }
      if (status === 200) return log(`[system] ${name} is ready again ${((Date.now() - since) / 1000).toFixed(1)}s after it died`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const onExit = (name, child) => {
    if (stopping || !supervise || !startedOnce || child.expectedExit) return;
    const died = Date.now();
    const backoff = backoffs.get(name) ?? new RestartBackoff();
    backoffs.set(name, backoff);
    const delay = backoff.next(died - child.startedAt);
    const how = child.exitInfo.signal ?? `code ${child.exitInfo.code}`;
    log(`[system] ${name} died (${how}) after ${((died - child.startedAt) / 1000).toFixed(0)}s; restarting it in ${(delay / 1000).toFixed(0)}s (restart ${backoff.restarts}; log: ${path.join(dir, `${name}.log`)})`);
    setTimeout(() => {
      if (stopping) return;
      spawnService(name);
      log(`[system] ${name} restarted (pid ${children.get(name).pid})`);
      void announceReady(name, children.get(name), died);
    }, delay).unref();
  };
  const spawnService = (name, extraEnv = {}) => {
    const env = { ...envs[name], ...extraEnv };
    const main = path.join(require('../../tools/build/build').distDir(), 'services', name, 'src', 'main.js');
    if (!fs.existsSync(main)) throw new Error(`${path.relative(ROOT, main)} is missing: run the build first`);
    if (!logs.has(name)) logs.set(name, new RotatingLog(path.join(dir, `${name}.log`), rotation));
    const child = spawn(process.execPath, ['--enable-source-maps', main], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: process.env.NODE_ENV || 'development', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    logs.get(name).follow(child.stdout);
    logs.get(name).follow(child.stderr);
    child.exitInfo = null;
    child.startedAt = Date.now();
    child.once('close', () => (child.closed = true));
    child.on('exit', (code, signal) => {
      child.exitInfo = { code, signal };
      onExit(name, child);
    });
    children.set(name, child);
  };
  for (const name of Object.keys(envs)) spawnService(name);
  const handle = {
    ports: servicePorts(profileName),
    logDir: dir,
    children,
    /** Kills one service with `signal` (SIGKILL: a crash) and waits until it is gone; with `supervise` it comes back by itself. */
    async kill(name, signal = 'SIGKILL') {
      const child = children.get(name);
      if (!child || child.exitInfo) return;
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill(signal);
      });
    },
    /** Starts a service that is not running (after kill), without waiting for it. */
    spawn(name) {
      const child = children.get(name);
      if (child && !child.exitInfo) throw new Error(`${name} is running`);
      spawnService(name);
    },
    /**
     * Stops one service (SIGTERM, graceful) and starts it again, with `env` over its start-up environment
     * if given; resolves when it is ready (the benchmark reloads a service's in-memory state, or turns
     * tracing on and off, this way).
     */
    async restart(name, { restartTimeoutMs = 300000, env = {} } = {}) {
      const child = children.get(name);
      if (child && !child.exitInfo) {
        child.expectedExit = true;
        await new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
        });
      }
      spawnService(name, env);
      const url = `http://127.0.0.1:${ports[name]}/health/ready`;
      const since = Date.now();
      while (Date.now() - since < restartTimeoutMs) {
        if (children.get(name).exitInfo) throw new Error(`${name} exited while restarting (${JSON.stringify(children.get(name).exitInfo)})`);
        if ((await getJson(url)).status === 200) return Date.now() - since;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`${name} not ready ${restartTimeoutMs / 1000}s after a restart`);
    },
    async stop({ graceMs = 20000 } = {}) {
      stopping = true;
      const alive = [...children.values()].filter((c) => !c.exitInfo);
      await Promise.all(
        alive.map(
          (c) =>
            new Promise((resolve) => {
              const timer = setTimeout(() => c.kill('SIGKILL'), graceMs);
              c.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              c.kill('SIGTERM');
            }),
        ),
      );
      // The last lines (the graceful shutdown's) are still in the pipes when a child exits.
      const drained = Promise.all(alive.map((c) => new Promise((resolve) => (c.closed ? resolve() : c.once('close', resolve)))));
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      for (const log of logs.values()) log.close();
    },
  };
  const gateway = `http://127.0.0.1:${handle.ports['api-gateway']}${HEALTH_PATH}`;
  let last;
  while (Date.now() - started < timeoutMs) {
    if (signal?.aborted) {
      await handle.stop();
      throw new Error('interrupted while the services started; they are stopped');
    }
    const dead = [...children].find(([, c]) => c.exitInfo);
    if (dead) {
      await handle.stop();
      const [name] = dead;
      const tail = fs.readFileSync(path.join(dir, `${name}.log`), 'utf8').split('\n').slice(-15).join('\n');
      throw new Error(`${name} exited during start-up (${JSON.stringify(dead[1].exitInfo)}). Last log lines:\n${tail}`);
    }
    last = await getJson(gateway);
    if (last.status === 200) {
      startedOnce = true;
      log(`[system] all services ready in ${((Date.now() - started) / 1000).toFixed(1)}s (logs: ${path.relative(ROOT, dir) || dir})`);
      return handle;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await handle.stop();
  throw new Error(`services not healthy after ${timeoutMs / 1000}s: ${JSON.stringify(last?.body)}`);
}

module.exports = { startSystem, serviceEnvironments, servicePorts };
