'use strict';
/*
 * `npm test`: installs what is missing, type-checks and lints (side by side), runs the unit tests
 * while it starts the test infrastructure (fresh state, own ports) and runs the integration tests
 * against it, then the e2e tests, and stops it. (A short chaos run was here briefly: on a quiet
 * machine it once checked before any reminder fell due, now mended; it stays out for the
 * 15-minute budget: README "Chaos run".) Two cores: steps that wait run beside steps that compute.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureDependencies, ROOT } = require('./ensure-deps');

const totals = { passed: 0, failed: 0 };
/** CLINIC_FLOW_TEST_PROFILE=test-a|b|c runs on other ports and state, so suites can run side by side. */
const PROFILE = process.env.CLINIC_FLOW_TEST_PROFILE || 'test';

/** Prints each line of a step's output as it comes, prefixed with the step's tag when steps run side by side. */
function relay(stream, out, tag) {
  let rest = '';
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const line of lines) out.write(tagged(line, tag));
  });
  stream.on('end', () => rest && out.write(tagged(rest, tag)));
}

/** A line with the step's tag in front, unless the step tagged it so itself. */
function tagged(line, tag) {
  return tag && !line.startsWith(`[${tag}]`) ? `[${tag}] ${line}\n` : `${line}\n`;
}

/** Runs a command; resolves true when it exits 0. `tag` prefixes its lines (steps running side by side). */
function run(cmd, args, { env = {}, tag } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NX_DAEMON: 'false', FORCE_COLOR: '0', ...env } });
    relay(child.stdout, process.stdout, tag);
    relay(child.stderr, process.stderr, tag);
    child.on('error', (error) => {
      console.error(`[test] ${cmd} could not start: ${error.message}`);
      resolve(false);
    });
    child.on('close', (code) => resolve(code === 0));
  });
}

/**
 * e2e files run in parallel workers against the one system the global setup starts (each file uses
 * its own patients, providers, appointment types and keys); most of their time is waiting for
 * timers, not CPU. CLINIC_FLOW_E2E_WORKERS overrides the count (1 = one file after the other).
 */
const WORKERS = { unit: '1', integration: '1', e2e: process.env.CLINIC_FLOW_E2E_WORKERS || '4', 'after-e2e': '1' };

async function jest(project, tag) {
  const report = path.join(os.tmpdir(), `clinic-flow-jest-${project}-${process.pid}.json`);
  const workers = WORKERS[project] === '1' ? ['--runInBand'] : [`--maxWorkers=${WORKERS[project]}`];
  const ok = await run(process.execPath, [require.resolve('jest/bin/jest'), '-c', 'jest.config.js', '--selectProjects', project, ...workers, '--json', `--outputFile=${report}`], { tag });
  if (fs.existsSync(report)) {
    const { numPassedTests, numFailedTests, numTotalTests } = JSON.parse(fs.readFileSync(report, 'utf8'));
    totals.passed += numPassedTests;
    totals.failed += numFailedTests;
    fs.rmSync(report);
    if (numTotalTests === 0) {
      console.error(`[test] the ${project} project ran no test`);
      return false;
    }
  }
  return ok;
}

/**
 * After a failed e2e run, the services' warnings and errors (their logs live in the profile's state,
 * which CI does not keep): what the system said while a test waited in vain.
 */
function printServiceWarnings(infra) {
  const dir = path.join(infra.profile(PROFILE).stateDir, 'logs', 'services');
  if (!fs.existsSync(dir)) return;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort()) {
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n').filter((l) => /"level":"(warn|error|fatal)"/.test(l));
    if (!lines.length) continue;
    console.log(`\n[test] ── ${file}: last ${Math.min(lines.length, 40)} of ${lines.length} warnings and errors`);
    for (const line of lines.slice(-40)) console.log(line.length > 600 ? `${line.slice(0, 600)}…` : line);
  }
}

async function main() {
  ensureDependencies();
  const infra = require('../infra');
  const { build } = require('../../tools/build/build');
  const failures = [];
  /** Runs a step (an async function resolving true when it passed) and records a failure. */
  const check = async (name, fn) => {
    const started = Date.now();
    console.log(`\n[test] ── ${name}`);
    const ok = await fn().catch((error) => {
      console.error(`[test] ${name}: ${error.stack || error.message}`);
      return false;
    });
    console.log(`[test] ── ${name}: ${ok ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    if (!ok) failures.push(name);
  };

  // Two cores: the type-check and the lint side by side (each one process, one core).
  await Promise.all([
    // The services' project, then the web app's (DOM types, JSX: kept out of the services' project).
    check('type-check', async () =>
      (await run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], { tag: 'tsc' })) && run('npx', ['tsc', '-p', 'apps/front-desk/tsconfig.json', '--noEmit'], { tag: 'tsc' })),
    // One eslint process over every project (nx run-many starts one per project, each loading the
    // config and the project graph again: most of the lint's time). The module-boundary rule reads
    // the project graph nx caches, and skips itself (a warning) on a fresh clone without one: so
    // nx computes it first.
    check('lint (module boundaries included)', async () =>
      (await run('npx', ['nx', 'show', 'projects'], { tag: 'lint' })) && run('npx', ['eslint', '--quiet', 'apps', 'libs', 'services'], { tag: 'lint' })),
  ]);
  // The unit tests run our X12 through independent validators from PyPI (a virtualenv in the cache).
  require('../components/x12-validator').ensureX12Validator((name, message) => console.log(`[${name}] ${message}`));

  // The unit tests need nothing running: they run while the infrastructure starts and the
  // integration tests (mostly waiting on it) run.
  const unit = check('unit tests', () => jest('unit', 'unit'));
  let infraStarted = false;
  try {
    console.log('\n[test] ── starting the test infrastructure (fresh state)');
    await infra.up(PROFILE, { fresh: true });
    infraStarted = true;
    // The e2e tests drive the operations console in a headless Chromium (Debian's, installed when
    // missing; after the infrastructure, whose provisioning may use apt too).
    const chromium = require('../components/chromium').ensureChromium((name, message) => console.log(`[${name}] ${message}`));
    chromium.catch(() => undefined); // awaited below, after the integration tests; a failure surfaces there
    await check('integration tests', () => jest('integration', 'integration'));
    await unit;
    await chromium;
    await build();
    await check('e2e tests', () => jest('e2e'));
    if (failures.includes('e2e tests')) printServiceWarnings(infra);
    // The services are stopped now; their logs stay in the profile's state for this check.
    await check('logs hold no patient data', () => jest('after-e2e'));
  } finally {
    await unit;
    if (!infraStarted) failures.push('starting the test infrastructure');
    await infra.down(PROFILE);
  }

  console.log(`\n[test] ${failures.length ? `FAILED: ${failures.join(', ')}` : 'all steps passed'}`);
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
  process.exit(failures.length ? 1 : 0);
}

main().catch((error) => {
  console.error(`[test] FAILED: ${error.stack || error.message}`);
  console.log(`tests: ${totals.passed} passed, ${totals.failed + 1} failed`);
  process.exit(1);
});
