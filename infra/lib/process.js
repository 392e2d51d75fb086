'use strict';
/*
 * What every infrastructure component is run with: child processes and their logs, detached daemons
 * with pid files (guarded against pid reuse), locks between concurrent `up` calls, health probes,
 * and apt-get for what Debian provides.
 */
const childProcess = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');
const { CACHE_DIR, REPO_ROOT } = require('./profile');

const HEALTH_TIMEOUT_MS = Number(process.env.CF_INFRA_TIMEOUT_MS) || 60000;
const STOP_TIMEOUT_MS = 30000;
const LOCK_TIMEOUT_MS = 10 * 60 * 1000;
const MAX_LOG_BYTES = 20 * 1024 * 1024;

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

module.exports = {
  HEALTH_TIMEOUT_MS,
  sleep,
  seconds,
  makeLogger,
  mkdirp,
  which,
  isRoot,
  tailFile,
  tailText,
  run,
  runOrThrow,
  step,
  requireFromRepo,
  withLock,
  isAlive,
  pidFile,
  logFile,
  managedPid,
  stopPid,
  spawnDaemon,
  tcpOpen,
  httpStatus,
  waitHealthy,
  aptInstaller,
  makeWritable,
};
