'use strict';
/*
 * Data keys of a profile (encryption at rest, see README "Keys and encryption at rest").
 *
 *   npm run keys:rotate [-- --profile dev] [--no-wait] [--timeout-seconds 900]
 *     adds a new data key to the profile's key file and makes it current; the running services
 *     see the file change, seal new values under it and re-seal the old ones in the background.
 *     Waits until every running service that holds sealed data reports its sweep done, printing
 *     each service's progress (JSON lines), then a JSON summary.
 *   npm run keys:status [-- --profile dev]   each service's key and sweep state, as JSON
 *   npm run keys:retire [-- --profile dev]   removes the old keys once every service reports
 *     nothing left under them (refused otherwise: values under a removed key no longer open)
 *
 * The key file lives in the profile's state dir (never in the repository). With DATA_KEYS_FILE
 * set, that file is used instead; with DATA_KEYS (JSON) the keys come from the environment and a
 * rotation is a new DATA_KEYS and a restart.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const infra = require('../infra');
const { SERVICES } = require('../services');
const { getJson } = require('../lib/get-json');

/** The profile's key file (generated with one `dev-` key on first use; production mode refuses `dev-` keys). */
function keyFilePath(profile) {
  return process.env.DATA_KEYS_FILE || path.join(profile.stateDir, 'secrets', 'data-keys.json');
}

function newKeyId(profileName) {
  return `dev-${profileName}-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${crypto.randomBytes(3).toString('hex')}`;
}

function newKey(id) {
  return { id, key: crypto.randomBytes(32).toString('base64'), createdAt: new Date().toISOString() };
}

/** Replaces the file in one rename, so a service polling it never reads half a file. */
function writeKeyFile(file, set) {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(set, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

function ensureKeyFile(profile) {
  const file = keyFilePath(profile);
  if (!fs.existsSync(file)) {
    const first = newKey(newKeyId(profile.name ?? 'profile'));
    writeKeyFile(file, { current: first.id, keys: [first], indexKey: crypto.randomBytes(32).toString('base64') });
  }
  return file;
}

/** What a service with sealed data gets: DATA_KEYS from the caller's environment, else the profile's key file. */
function dataKeysEnv(profile) {
  if (process.env.DATA_KEYS && !process.env.DATA_KEYS_FILE) return { DATA_KEYS: process.env.DATA_KEYS };
  return { DATA_KEYS_FILE: ensureKeyFile(profile) };
}

/** Adds a new current key; the old ones stay so values under them still open. Returns the new key id. */
function rotateKeyFile(profile) {
  const file = ensureKeyFile(profile);
  const set = JSON.parse(fs.readFileSync(file, 'utf8'));
  const key = newKey(newKeyId(profile.name ?? 'profile'));
  writeKeyFile(file, { ...set, current: key.id, keys: [...set.keys, key] });
  return { file, keyId: key.id, previous: set.current };
}

/** Each service holding sealed data: its data-keys health entry, or `{ running: false }`. */
async function servicesStatus(profileName) {
  const offset = infra.profile(profileName).portOffset;
  const entries = await Promise.all(
    SERVICES.filter((s) => s.dataKeys).map(async (s) => {
      const { body: report } = await getJson(`http://127.0.0.1:${s.port + offset}/health/ready`);
      const keys = report?.checks?.['data-keys'];
      return [s.name, keys ? { running: true, ...keys } : { running: false }];
    }),
  );
  return Object.fromEntries(entries);
}

const sweptFor = (status, keyId) => status.running && status.currentKeyId === keyId && status.sweepKeyId === keyId && status.state === 'done';

/**
 * Waits until every running service reports its sweep for `keyId` done (or failed); resolves with
 * the last statuses. `onProgress` gets them on every poll.
 */
async function waitForSweeps(profileName, keyId, { timeoutMs = 15 * 60_000, intervalMs = 1000, onProgress = () => undefined } = {}) {
  const started = Date.now();
  for (;;) {
    const statuses = await servicesStatus(profileName);
    onProgress(statuses);
    const running = Object.values(statuses).filter((s) => s.running);
    if (running.some((s) => s.state === 'failed' && s.sweepKeyId === keyId)) return { done: false, statuses };
    if (running.every((s) => sweptFor(s, keyId))) return { done: true, statuses };
    if (Date.now() - started > timeoutMs) return { done: false, statuses, timedOut: true };
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Removes the keys other than the current one when every service (all must be running) reports nothing left under them. */
async function retireOldKeys(profileName) {
  const profile = infra.profile(profileName);
  const file = ensureKeyFile(profile);
  const set = JSON.parse(fs.readFileSync(file, 'utf8'));
  const statuses = await servicesStatus(profileName);
  const notDone = Object.entries(statuses).filter(([, s]) => !sweptFor(s, set.current)).map(([name]) => name);
  if (notDone.length) return { retired: [], refused: `not every service reports its sweep for ${set.current} done: ${notDone.join(', ')}`, statuses };
  const retired = set.keys.filter((k) => k.id !== set.current).map((k) => k.id);
  writeKeyFile(file, { ...set, keys: set.keys.filter((k) => k.id === set.current) });
  return { retired, current: set.current };
}

function args(argv) {
  const out = { command: argv[0], profile: 'dev', wait: true, timeoutSeconds: 900 };
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '--profile') out.profile = argv[++i];
    else if (argv[i] === '--no-wait') out.wait = false;
    else if (argv[i] === '--timeout-seconds') out.timeoutSeconds = Number(argv[++i]);
  }
  return out;
}

async function main() {
  const opts = args(process.argv.slice(2));
  const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
  const profile = infra.profile(opts.profile);
  if (opts.command === 'rotate') {
    if (process.env.DATA_KEYS && !process.env.DATA_KEYS_FILE) throw new Error('DATA_KEYS is set: keys come from the environment; set a new DATA_KEYS with a new current key and restart');
    const rotated = rotateKeyFile(profile);
    print({ rotated: rotated.keyId, previous: rotated.previous, file: rotated.file });
    if (!opts.wait) return;
    const result = await waitForSweeps(opts.profile, rotated.keyId, {
      timeoutMs: opts.timeoutSeconds * 1000,
      intervalMs: 2000,
      onProgress: (statuses) => print({ progress: Object.fromEntries(Object.entries(statuses).map(([n, s]) => [n, s.running ? { state: s.state, sweepKeyId: s.sweepKeyId, targets: s.targets } : { running: false }])) }),
    });
    print({ done: result.done, keyId: rotated.keyId, ...(result.timedOut ? { timedOut: true } : {}), services: result.statuses });
    if (!result.done) process.exitCode = 1;
  } else if (opts.command === 'status') {
    print(await servicesStatus(opts.profile));
  } else if (opts.command === 'retire') {
    const result = await retireOldKeys(opts.profile);
    print(result);
    if (result.refused) process.exitCode = 1;
  } else {
    process.stderr.write('usage: node infra/run/keys.js rotate|status|retire [--profile <name>] [--no-wait] [--timeout-seconds N]\n');
    process.exitCode = 2;
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}

module.exports = { dataKeysEnv, keyFilePath, rotateKeyFile, retireOldKeys, servicesStatus, waitForSweeps };
