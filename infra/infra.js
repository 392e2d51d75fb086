'use strict';

/*
 * Why this exists: Clinic Flow's services need Kafka, MongoDB, Redis, an SMTP
 * server and an SMS gateway, but this environment has no Docker and no
 * internet beyond package registries. This module provisions real local
 * equivalents (Kafka 4.1.1 KRaft jars via Maven, FerretDB built with Go as the
 * MongoDB, Debian's redis-server, MailDev from node_modules, and our own SMS
 * sink) into CF_CACHE_DIR (default ~/.cache/clinic-flow), and runs them as
 * detached daemons per profile ("dev" and "test" use different ports and state
 * directories so both can run side by side).
 *
 * Used by infra/cli.js and by the repo's start/test scripts.
 */

const childProcess = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const REPO_ROOT = path.resolve(__dirname, '..');
const CACHE_DIR = path.resolve(process.env.CF_CACHE_DIR || path.join(os.homedir(), '.cache', 'clinic-flow'));

const KAFKA_VERSION = '4.1.1';
const KAFKA_HOME = path.join(CACHE_DIR, `kafka-${KAFKA_VERSION}`);
const KAFKA_LIBS = path.join(KAFKA_HOME, 'libs');
const KAFKA_MARKER_JAR = `kafka_2.13-${KAFKA_VERSION}.jar`;
const KAFKA_POM = path.join(__dirname, 'kafka', 'pom.xml');
const KAFKA_LOG4J = path.join(__dirname, 'kafka', 'log4j2.yaml');

const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_SRC = path.join(CACHE_DIR, 'src', `ferretdb-${FERRETDB_VERSION}`);
/**
 * Fixes applied to FerretDB's source before it is built; the suffix of the binary's name changes
 * with them, so a cache holding an unpatched build is rebuilt.
 *
 * 1. Its SQLite backend creates the unique `_id` index on `_ferretdb_sjson->"_id"` but queries,
 *    updates and deletes filter on `_ferretdb_sjson->'$._id'`: the same value, yet SQLite's planner
 *    matches index expressions by their text, so every lookup by `_id` scanned the whole table
 *    (measured: an update by `_id` took 2.7 ms in a collection of 100 documents and 19 ms in one of
 *    3,000; EXPLAIN QUERY PLAN says SCAN). Filtering on the index's own expression makes it a SEARCH.
 * 2. Its SQLite backend pushes `_id` down only when the filter is exactly `{_id: <string>}`, so a
 *    conditional update (`{_id, status}`, the outbox relay's `{_id, version}`) scanned the whole
 *    collection. The backend's rows are a pre-filter: every handler applies the full filter again
 *    (find, update, delete, findAndModify, count, distinct, aggregate all do), so narrowing to the one
 *    `_id` whenever the filter names it once (duplicate keys would panic in Get) is safe.
 */
const FERRETDB_PATCHES = [
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: 'IDColumn = DefaultColumn + `->"_id"`',
  },
  {
    // The first occurrence is in Query (the second, in Explain, only reports).
    file: 'internal/backends/sqlite/collection.go',
    from: 'if params.Filter.Len() == 1 {\n\t\tv, _ := params.Filter.Get("_id")',
    to: 'if cfSingleIDKey(params.Filter) {\n\t\tv, _ := params.Filter.Get("_id")',
    append: [
      '',
      '// cfSingleIDKey reports whether the filter names _id exactly once (clinic-flow patch: push _id',
      '// down for any such filter; the handlers filter the rows again).',
      'func cfSingleIDKey(filter *types.Document) bool {',
      '\tn := 0',
      '\tfor _, k := range filter.Keys() {',
      '\t\tif k == "_id" {',
      '\t\t\tn++',
      '\t\t}',
      '\t}',
      '',
      '\treturn n == 1',
      '}',
      '',
    ].join('\n'),
  },
];
const FERRETDB_BUILD = `${FERRETDB_VERSION}-cf${FERRETDB_PATCHES.length}`;
const FERRETDB_BIN = path.join(CACHE_DIR, 'bin', `ferretdb-${FERRETDB_BUILD}`);

const MAILDEV_BIN = path.join(REPO_ROOT, 'node_modules', 'maildev', 'bin', 'maildev');
const SMS_SINK = path.join(__dirname, 'sms-sink', 'server.js');

const HEALTH_TIMEOUT_MS = Number(process.env.CF_INFRA_TIMEOUT_MS) || 60000;
const STOP_TIMEOUT_MS = 30000;
const LOCK_TIMEOUT_MS = 10 * 60 * 1000;
const MAX_LOG_BYTES = 20 * 1024 * 1024;

const BASE_PORTS = {
  kafka: 9092,
  kafkaController: 9093,
  mongo: 27017,
  redis: 6379,
  smtp: 1025,
  mailWeb: 1080,
  smsSink: 1090,
};
// test-a..c let several people (or helper sessions) run the test suite side by side on one machine.
const PROFILE_PORT_OFFSETS = { dev: 0, test: 10000, 'test-a': 11000, 'test-b': 12000, 'test-c': 13000 };

const COMPONENT_ORDER = ['kafka', 'mongo', 'redis', 'mail', 'sms-sink'];

// ---------------------------------------------------------------------------
// Profiles
// ---------------------------------------------------------------------------

function profile(name = 'dev') {
  if (!Object.prototype.hasOwnProperty.call(PROFILE_PORT_OFFSETS, name)) {
    throw new Error(`unknown profile '${name}' (expected one of: ${Object.keys(PROFILE_PORT_OFFSETS).join(', ')})`);
  }
  const offset = PROFILE_PORT_OFFSETS[name];
  const ports = {};
  for (const [key, port] of Object.entries(BASE_PORTS)) ports[key] = port + offset;
  const host = '127.0.0.1';
  return {
    name,
    portOffset: offset,
    stateDir: path.join(CACHE_DIR, 'state', name),
    ports,
    env: {
      KAFKA_BROKERS: `${host}:${ports.kafka}`,
      MONGO_URL: `mongodb://${host}:${ports.mongo}`,
      REDIS_URL: `redis://${host}:${ports.redis}`,
      SMTP_URL: `smtp://${host}:${ports.smtp}`,
      MAIL_API_URL: `http://${host}:${ports.mailWeb}`,
      SMS_SINK_URL: `http://${host}:${ports.smsSink}`,
    },
  };
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (startedAt) => `${((Date.now() - startedAt) / 1000).toFixed(1)}s`;

function makeLogger(log) {
  const sink = typeof log === 'function' ? log : (line) => console.log(line);
  return (label, message) => sink(`[infra] ${label.padEnd(10)} ${message}`);
}

function mkdirp(dir) {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function which(cmd) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, cmd);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this PATH entry
    }
  }
  return null;
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function tailFile(file, lines = 40) {
  try {
    const content = fs.readFileSync(file, 'utf8');
    return content.split('\n').slice(-lines - 1).join('\n').trimEnd();
  } catch {
    return '(no log output)';
  }
}

function tailText(text, lines = 30) {
  return String(text || '').split('\n').slice(-lines).join('\n').trimEnd();
}

/** Run a command to completion, capturing output (optionally also into a log file). */
function run(cmd, args, { cwd, env, logFile, timeoutMs } = {}) {
  return new Promise((resolve, reject) => {
    const child = childProcess.spawn(cmd, args, {
      cwd: cwd || REPO_ROOT,
      env: env || process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (logFile) {
        mkdirp(path.dirname(logFile));
        fs.appendFileSync(logFile, `\n$ ${cmd} ${args.join(' ')}  (${new Date().toISOString()})\n${stdout}${stderr}`);
      }
      resolve({ code, stdout, stderr });
    });
  });
}

async function runOrThrow(cmd, args, options = {}) {
  const result = await run(cmd, args, options);
  if (result.code !== 0) {
    const where = options.logFile ? ` (full output in ${options.logFile})` : '';
    throw new Error(`\`${cmd} ${args.join(' ')}\` failed with exit code ${result.code}${where}:\n` +
      tailText(result.stderr || result.stdout));
  }
  return result;
}

/** Run a long step, printing a start line, a heartbeat every 15s and the elapsed time at the end. */
async function step(say, label, what, fn) {
  const startedAt = Date.now();
  say(label, `${what} ...`);
  const timer = setInterval(() => say(label, `${what} ... still running (${seconds(startedAt)})`), 15000);
  try {
    const result = await fn();
    say(label, `${what} ... done in ${seconds(startedAt)}`);
    return result;
  } catch (err) {
    say(label, `${what} ... FAILED after ${seconds(startedAt)}`);
    throw err;
  } finally {
    clearInterval(timer);
  }
}

function requireFromRepo(name) {
  try {
    return require(require.resolve(name, { paths: [REPO_ROOT] }));
  } catch (err) {
    if (err.code === 'MODULE_NOT_FOUND') {
      throw new Error(`node module '${name}' is missing from ${REPO_ROOT}/node_modules: run npm install`);
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------
// Locking (so concurrent `up`/`provision` calls do not start things twice)
// ---------------------------------------------------------------------------

async function withLock(name, fn) {
  const file = path.join(mkdirp(path.join(CACHE_DIR, 'locks')), `${name}.lock`);
  const startedAt = Date.now();
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(file, 'utf8').trim() || 0);
      if (!holder || !isAlive(holder)) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (Date.now() - startedAt > LOCK_TIMEOUT_MS) {
        throw new Error(`timed out waiting for lock ${file} held by pid ${holder}`);
      }
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(file, { force: true });
  }
}

// ---------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------

function isAlive(pid) {
  try {
    // A zombie (exited, not yet reaped by us) still answers kill(0); treat it as dead.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      return err.code === 'EPERM';
    }
  }
}

function cmdlineOf(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return null;
  }
}

function pidFile(p, name) {
  return path.join(p.stateDir, 'pids', `${name}.pid`);
}

function logFile(p, name) {
  return path.join(p.stateDir, 'logs', `${name}.log`);
}

/** The pid from the pid file if that process is alive and is really our component (guards against pid reuse). */
function managedPid(p, component) {
  let pid;
  try {
    pid = Number(fs.readFileSync(pidFile(p, component.name), 'utf8').trim());
  } catch {
    return null;
  }
  if (!pid || !isAlive(pid)) return null;
  const cmdline = cmdlineOf(pid);
  if (cmdline !== null && !cmdline.includes(component.marker(p))) return null;
  return pid;
}

function signal(pid, sig) {
  try {
    process.kill(-pid, sig); // daemons are started detached, so pid is also the process group id
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

async function stopPid(pid, timeoutMs = STOP_TIMEOUT_MS) {
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'stopped';
    await sleep(200);
  }
  signal(pid, 'SIGKILL');
  for (let i = 0; i < 50 && isAlive(pid); i += 1) await sleep(100);
  return 'killed';
}

function spawnDaemon(p, name, cmd, args, env) {
  const log = logFile(p, name);
  mkdirp(path.dirname(log));
  mkdirp(path.dirname(pidFile(p, name)));
  // Logs are appended across restarts; keep one previous generation once they get big.
  if (fs.existsSync(log) && fs.statSync(log).size > MAX_LOG_BYTES) fs.renameSync(log, `${log}.1`);
  fs.appendFileSync(log, `\n=== ${new Date().toISOString()} starting: ${cmd} ${args.join(' ')}\n`);
  // Daemons outlive the caller; do not let e.g. a test runner's --inspect/--require leak into them.
  const baseEnv = { ...process.env };
  delete baseEnv.NODE_OPTIONS;
  const fd = fs.openSync(log, 'a');
  try {
    const child = childProcess.spawn(cmd, args, {
      cwd: p.stateDir,
      env: { ...baseEnv, ...env },
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    child.on('error', () => {}); // reported through the health check and the log
    child.unref();
    if (!child.pid) throw new Error(`could not spawn ${cmd}`);
    fs.writeFileSync(pidFile(p, name), `${child.pid}\n`);
    return child.pid;
  } finally {
    fs.closeSync(fd);
  }
}

// ---------------------------------------------------------------------------
// Health probes (each resolves true/false and never throws)
// ---------------------------------------------------------------------------

function tcpOpen(port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function httpStatus(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
  });
}

async function kafkaHealthy(p) {
  if (!(await tcpOpen(p.ports.kafka))) return false;
  const { Kafka, logLevel } = requireFromRepo('kafkajs');
  const kafka = new Kafka({
    clientId: 'cf-infra-health',
    brokers: [p.env.KAFKA_BROKERS],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function mongoHealthy(p) {
  if (!(await tcpOpen(p.ports.mongo))) return false;
  const { MongoClient } = requireFromRepo('mongodb');
  const client = new MongoClient(p.env.MONGO_URL, {
    directConnection: true,
    serverSelectionTimeoutMS: 2000,
    connectTimeoutMS: 2000,
  });
  try {
    await client.connect();
    const res = await client.db('admin').command({ ping: 1 });
    return res.ok === 1;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}

async function redisHealthy(p) {
  if (!(await tcpOpen(p.ports.redis))) return false;
  const res = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(p.ports.redis), 'ping'], { timeoutMs: 3000 })
    .catch(() => null);
  return Boolean(res && res.code === 0 && res.stdout.trim() === 'PONG');
}

async function mailHealthy(p) {
  const [smtp, web] = await Promise.all([
    tcpOpen(p.ports.smtp),
    httpStatus(`${p.env.MAIL_API_URL}/healthz`),
  ]);
  return smtp && web === 200;
}

async function smsSinkHealthy(p) {
  return (await httpStatus(`${p.env.SMS_SINK_URL}/health`)) === 200;
}

// ---------------------------------------------------------------------------
// Components
// ---------------------------------------------------------------------------

function kafkaProperties(p) {
  const dataDir = path.join(p.stateDir, 'kafka', 'data');
  return [
    '# Generated by infra/infra.js - single-node KRaft broker+controller',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=127.0.0.1:${p.ports.kafkaController}`,
    `listeners=PLAINTEXT://127.0.0.1:${p.ports.kafka},CONTROLLER://127.0.0.1:${p.ports.kafkaController}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${p.ports.kafka}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=3',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'auto.create.topics.enable=false',
    'group.initial.rebalance.delay.ms=0',
    '',
  ].join('\n');
}

const COMPONENTS = {
  kafka: {
    name: 'kafka',
    ports: (p) => [p.ports.kafka, p.ports.kafkaController],
    marker: (p) => p.stateDir,
    healthy: kafkaHealthy,
    async prepare(p, say) {
      const dir = mkdirp(path.join(p.stateDir, 'kafka'));
      const dataDir = mkdirp(path.join(dir, 'data'));
      const props = path.join(dir, 'server.properties');
      fs.writeFileSync(props, kafkaProperties(p));
      const classpath = `${KAFKA_LIBS}/*`;
      const jvmLogging = `-Dlog4j2.configurationFile=${KAFKA_LOG4J}`;
      if (!fs.existsSync(path.join(dataDir, 'meta.properties'))) {
        await step(say, 'kafka', 'format KRaft storage (new cluster id)', async () => {
          const toolLog = logFile(p, 'kafka');
          const uuid = (await runOrThrow('java', [jvmLogging, '-cp', classpath, 'kafka.tools.StorageTool', 'random-uuid'],
            { logFile: toolLog })).stdout.trim().split('\n').pop().trim();
          await runOrThrow('java', [jvmLogging, '-cp', classpath, 'kafka.tools.StorageTool',
            'format', '-t', uuid, '-c', props, '--standalone'], { logFile: toolLog });
        });
      }
      return {
        cmd: 'java',
        args: ['-Xms256m', '-Xmx1g', '-XX:+UseG1GC', '-Djava.awt.headless=true', jvmLogging,
          '-cp', classpath, 'kafka.Kafka', props],
      };
    },
  },
  mongo: {
    name: 'mongo',
    ports: (p) => [p.ports.mongo],
    marker: (p) => p.stateDir,
    healthy: mongoHealthy,
    async prepare(p) {
      const dataDir = mkdirp(path.join(p.stateDir, 'ferretdb'));
      const stateDir = mkdirp(path.join(p.stateDir, 'ferretdb-state'));
      return {
        cmd: FERRETDB_BIN,
        args: [
          '--handler=sqlite',
          `--sqlite-url=file:${dataDir}/`,
          `--listen-addr=127.0.0.1:${p.ports.mongo}`,
          `--state-dir=${stateDir}`,
          '--telemetry=disable',
          '--log-level=warn',
          // The debug HTTP endpoint defaults to a fixed port (127.0.0.1:8088),
          // which would clash between the dev and test profiles.
          '--debug-addr=-',
        ],
      };
    },
  },
  redis: {
    name: 'redis',
    ports: (p) => [p.ports.redis],
    // redis-server rewrites its process title to "redis-server 127.0.0.1:<port>"
    marker: (p) => `:${p.ports.redis}`,
    healthy: redisHealthy,
    async prepare(p) {
      const dir = mkdirp(path.join(p.stateDir, 'redis'));
      return {
        cmd: 'redis-server',
        args: ['--port', String(p.ports.redis), '--bind', '127.0.0.1', '--dir', dir,
          '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction',
          '--save', '', '--daemonize', 'no'],
      };
    },
  },
  mail: {
    name: 'mail',
    ports: (p) => [p.ports.smtp, p.ports.mailWeb],
    marker: (p) => p.stateDir,
    healthy: mailHealthy,
    async prepare(p) {
      const dir = mkdirp(path.join(p.stateDir, 'mail'));
      return {
        cmd: process.execPath,
        args: [MAILDEV_BIN, '--smtp', String(p.ports.smtp), '--web', String(p.ports.mailWeb),
          '--ip', '127.0.0.1', '--mail-directory', dir],
      };
    },
  },
  'sms-sink': {
    name: 'sms-sink',
    ports: (p) => [p.ports.smsSink],
    marker: () => path.join('sms-sink', 'server.js'),
    healthy: smsSinkHealthy,
    async prepare(p) {
      const dir = mkdirp(path.join(p.stateDir, 'sms'));
      return {
        cmd: process.execPath,
        args: [SMS_SINK],
        env: { PORT: String(p.ports.smsSink), HOST: '127.0.0.1', DATA_FILE: path.join(dir, 'messages.jsonl') },
      };
    },
  },
};

async function waitHealthy(p, component, pid, timeoutMs = HEALTH_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (pid && !isAlive(pid)) {
      throw new Error(`${component.name} exited during startup. Last lines of ${logFile(p, component.name)}:\n` +
        tailFile(logFile(p, component.name)));
    }
    if (await component.healthy(p)) return;
    if (Date.now() > deadline) {
      throw new Error(`${component.name} did not become healthy within ${timeoutMs / 1000}s ` +
        `(pid ${pid}, port ${component.ports(p)[0]}). Last lines of ${logFile(p, component.name)}:\n` +
        tailFile(logFile(p, component.name)));
    }
    await sleep(300);
  }
}

async function ensureRunning(p, component, say, position) {
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
    await waitHealthy(p, component, pid);
  } catch (err) {
    await stopPid(pid, 5000);
    fs.rmSync(pidFile(p, component.name), { force: true });
    throw err;
  }
  say(label, `${prefix} start on 127.0.0.1:${component.ports(p)[0]} ... healthy in ${seconds(startedAt)}`);
}

// ---------------------------------------------------------------------------
// Provisioning
// ---------------------------------------------------------------------------

const PROVISION_STEPS = 5;

function aptInstaller(say) {
  let updated = false;
  const aptLog = path.join(CACHE_DIR, 'logs', 'apt.log');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  return async function aptInstall(label, packages) {
    const command = `apt-get update && apt-get install -y ${packages.join(' ')}`;
    if (!which('apt-get')) {
      throw new Error(`${packages.join(', ')} missing and apt-get is not available; install it with your package manager`);
    }
    if (!isRoot()) {
      throw new Error(`${packages.join(', ')} missing and we are not root. Run: sudo sh -c '${command}'`);
    }
    if (!updated) {
      await step(say, label, 'apt-get update', () => runOrThrow('apt-get', ['update'], { env, logFile: aptLog }));
      updated = true;
    }
    await step(say, label, `apt-get install -y ${packages.join(' ')}`,
      () => runOrThrow('apt-get', ['install', '-y', ...packages], { env, logFile: aptLog }));
  };
}

/** Debian's package starts its own redis on 6379 (our dev port). We run our own redis-server processes instead. */
async function neutralizeDistroRedis(say, justInstalled) {
  const distroPidFiles = ['/run/redis/redis-server.pid', '/var/run/redis/redis-server.pid'];
  let pid = null;
  for (const file of distroPidFiles) {
    try {
      const candidate = Number(fs.readFileSync(file, 'utf8').trim());
      if (candidate && isAlive(candidate)) pid = candidate;
    } catch {
      // no such pid file
    }
  }
  if (!pid && !justInstalled) return;
  if (!isRoot()) {
    say('redis', `warning: the distro redis-server service is running (pid ${pid}); stop it with: sudo service redis-server stop`);
    return;
  }
  const systemd = fs.existsSync('/run/systemd/system');
  if (pid) {
    say('redis', `stopping the distro redis-server service (pid ${pid}); we run our own per-profile redis`);
    if (systemd) await run('systemctl', ['stop', 'redis-server']);
    else await run('service', ['redis-server', 'stop']);
    if (isAlive(pid)) await stopPid(pid, 10000);
  }
  // Keep it from coming back on boot.
  if (systemd) await run('systemctl', ['disable', 'redis-server']);
  else if (which('update-rc.d')) await run('update-rc.d', ['redis-server', 'disable']);
}

async function provisionRedis(say, aptInstall) {
  let bin = which('redis-server');
  let installed = false;
  if (!bin) {
    await aptInstall('redis', ['redis-server']);
    bin = which('redis-server');
    if (!bin) throw new Error('redis-server still not on PATH after apt-get install');
    installed = true;
  }
  await neutralizeDistroRedis(say, installed);
  const version = (await run(bin, ['--version'])).stdout.match(/v=(\S+)/);
  say('redis', `[1/${PROVISION_STEPS}] redis-server ${version ? version[1] : ''} ok (${bin})`);
}

async function javaMajorVersion() {
  if (!which('java')) return 0;
  const res = await run('java', ['-version']);
  const match = `${res.stderr}${res.stdout}`.match(/version "(\d+)(?:\.(\d+))?/);
  if (!match) return 0;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major; // "1.8.0" style
}

async function provisionJava(say, aptInstall) {
  let major = await javaMajorVersion();
  if (major < 17) {
    say('java', `java ${major ? `${major} is too old` : 'not found'} (need 17+)`);
    await aptInstall('java', ['openjdk-17-jre-headless']);
    major = await javaMajorVersion();
    if (major < 17) {
      throw new Error(`java on PATH is still version ${major || 'none'}; make Java 17+ the default (update-alternatives --config java)`);
    }
  }
  if (!which('mvn')) await aptInstall('maven', ['maven']);
  const mvn = (await run('mvn', ['-B', '-v'])).stdout.match(/Apache Maven (\S+)/);
  say('java', `[2/${PROVISION_STEPS}] java ${major}, maven ${mvn ? mvn[1] : '?'} ok`);
}

async function provisionKafka(say) {
  if (fs.existsSync(path.join(KAFKA_LIBS, KAFKA_MARKER_JAR))) {
    say('kafka', `[3/${PROVISION_STEPS}] kafka ${KAFKA_VERSION} jars cached (${KAFKA_LIBS})`);
    return;
  }
  const tmp = path.join(KAFKA_HOME, `libs.tmp-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  mkdirp(KAFKA_HOME);
  await step(say, 'kafka', `[3/${PROVISION_STEPS}] download kafka ${KAFKA_VERSION} jars from Maven Central (first time)`, async () => {
    await runOrThrow('mvn', ['-B', '-q', 'dependency:copy-dependencies', `-DoutputDirectory=${tmp}`,
      '-DincludeScope=runtime', '-f', KAFKA_POM], { logFile: path.join(CACHE_DIR, 'logs', 'maven.log') });
    if (!fs.existsSync(path.join(tmp, KAFKA_MARKER_JAR))) {
      throw new Error(`maven finished but ${KAFKA_MARKER_JAR} is not in ${tmp}`);
    }
    fs.rmSync(KAFKA_LIBS, { recursive: true, force: true });
    fs.renameSync(tmp, KAFKA_LIBS);
  }).finally(() => fs.rmSync(tmp, { recursive: true, force: true }));
}

function makeWritable(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      fs.chmodSync(full, 0o755);
      makeWritable(full);
    } else if (entry.isFile()) {
      fs.chmodSync(full, fs.statSync(full).mode | 0o200);
    }
  }
}

async function provisionFerretDb(say) {
  if (fs.existsSync(FERRETDB_BIN)) {
    say('ferretdb', `[4/${PROVISION_STEPS}] ferretdb ${FERRETDB_BUILD} binary cached (${FERRETDB_BIN})`);
    return;
  }
  if (!which('go')) {
    throw new Error('the Go toolchain (go) is needed once to build FerretDB; install Go 1.22+ and put it on PATH');
  }
  // Not under /tmp: a stray /tmp/go.mod would turn this into a module-mode command of some other module.
  const goEnv = { ...process.env, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', GOWORK: 'off' };
  const buildLog = path.join(CACHE_DIR, 'logs', 'ferretdb-build.log');
  await step(say, 'ferretdb', `[4/${PROVISION_STEPS}] build ${FERRETDB_BUILD} (first time, ~90s)`, async () => {
    const download = await run('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`],
      { cwd: os.homedir(), env: goEnv, logFile: buildLog });
    let info;
    try {
      info = JSON.parse(download.stdout);
    } catch {
      info = {};
    }
    if (download.code !== 0 || !info.Dir) {
      throw new Error(`go mod download ${FERRETDB_MODULE}@${FERRETDB_VERSION} failed: ` +
        `${info.Error || tailText(download.stderr || download.stdout)}`);
    }

    if (fs.existsSync(FERRETDB_SRC)) {
      makeWritable(FERRETDB_SRC);
      fs.rmSync(FERRETDB_SRC, { recursive: true, force: true });
    }
    mkdirp(path.dirname(FERRETDB_SRC));
    fs.cpSync(info.Dir, FERRETDB_SRC, { recursive: true });
    makeWritable(FERRETDB_SRC);
    // The module zip ships an empty version.txt (it is filled in by FerretDB's own
    // release build); an empty one makes the binary panic at startup.
    fs.writeFileSync(path.join(FERRETDB_SRC, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    for (const patch of FERRETDB_PATCHES) {
      const file = path.join(FERRETDB_SRC, patch.file);
      const source = fs.readFileSync(file, 'utf8');
      if (!source.includes(patch.from)) throw new Error(`FerretDB ${FERRETDB_VERSION}: ${patch.file} no longer contains ${patch.from}; review FERRETDB_PATCHES`);
      fs.writeFileSync(file, source.replace(patch.from, patch.to) + (patch.append ?? ''));
    }

    const tmpBin = `${FERRETDB_BIN}.tmp-${process.pid}`;
    mkdirp(path.dirname(FERRETDB_BIN));
    try {
      await runOrThrow('go', ['build', '-o', tmpBin, './cmd/ferretdb'], { cwd: FERRETDB_SRC, env: goEnv, logFile: buildLog });
      const version = await runOrThrow(tmpBin, ['--version']);
      if (!version.stdout.includes(FERRETDB_VERSION)) {
        throw new Error(`built ferretdb reports an unexpected version:\n${version.stdout}`);
      }
      fs.renameSync(tmpBin, FERRETDB_BIN);
    } finally {
      fs.rmSync(tmpBin, { force: true });
    }
  });
}

function provisionNodeModules(say) {
  const missing = ['maildev', 'kafkajs', 'mongodb']
    .filter((name) => !fs.existsSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json')));
  if (missing.length || !fs.existsSync(MAILDEV_BIN)) {
    throw new Error(`missing from ${REPO_ROOT}/node_modules: ${missing.join(', ') || 'maildev/bin/maildev'}. ` +
      'Run npm install in the repo root.');
  }
  say('mail', `[5/${PROVISION_STEPS}] maildev, kafkajs, mongodb present in node_modules`);
}

async function provision({ log } = {}) {
  const say = makeLogger(log);
  const startedAt = Date.now();
  mkdirp(CACHE_DIR);
  await withLock('provision', async () => {
    const aptInstall = aptInstaller(say);
    await provisionRedis(say, aptInstall);
    await provisionJava(say, aptInstall);
    await provisionKafka(say);
    await provisionFerretDb(say);
    provisionNodeModules(say);
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
};
