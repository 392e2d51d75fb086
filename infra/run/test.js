'use strict';
/*
 * `npm test`: installs what is missing, type-checks and lints, runs unit tests, starts the test
 * infrastructure (fresh state, own ports), runs integration and e2e tests against it, and stops it.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureDependencies, ROOT } = require('./ensure-deps');

const totals = { passed: 0, failed: 0 };
/** CLINIC_FLOW_TEST_PROFILE=test-a|b|c runs on other ports and state, so suites can run side by side. */
const PROFILE = process.env.CLINIC_FLOW_TEST_PROFILE || 'test';

function step(name, fn) {
  const started = Date.now();
  console.log(`\n[test] ── ${name}`);
  const result = fn();
  console.log(`[test] ── ${name}: ${result ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return result;
}

function run(cmd, args, env = {}) {
  return spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', ...env } }).status === 0;
}

/**
 * e2e files run in parallel workers against the one system the global setup starts (each file uses
 * its own patients, providers, appointment types and keys); most of their time is waiting for
 * timers, not CPU. CLINIC_FLOW_E2E_WORKERS overrides the count (1 = one file after the other).
 */
const WORKERS = { unit: '1', integration: '1', e2e: process.env.CLINIC_FLOW_E2E_WORKERS || '3', 'after-e2e': '1' };

function jest(project) {
  const report = path.join(os.tmpdir(), `clinic-flow-jest-${project}-${process.pid}.json`);
  const workers = WORKERS[project] === '1' ? ['--runInBand'] : [`--maxWorkers=${WORKERS[project]}`];
  const ok = run(process.execPath, [require.resolve('jest/bin/jest'), '-c', 'jest.config.js', '--selectProjects', project, ...workers, '--json', `--outputFile=${report}`]);
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
  const check = (name, fn) => {
    if (!step(name, fn)) failures.push(name);
  };

  check('type-check', () => run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']));
  check('lint (module boundaries included)', () => run('npx', ['nx', 'run-many', '-t', 'lint', '--outputStyle=static', '--skipNxCache']));
  // The unit tests run our X12 through independent validators from PyPI (a virtualenv in the cache).
  require('../components/x12-validator').ensureX12Validator((name, message) => console.log(`[${name}] ${message}`));
  check('unit tests', () => jest('unit'));

  // The e2e tests drive the operations console in a headless Chromium (Debian's, installed when missing).
  await require('../components/chromium').ensureChromium((name, message) => console.log(`[${name}] ${message}`));

  console.log('\n[test] ── starting the test infrastructure (fresh state)');
  await infra.up(PROFILE, { fresh: true });
  try {
    check('integration tests', () => jest('integration'));
    await build();
    check('e2e tests', () => jest('e2e'));
    if (failures.includes('e2e tests')) printServiceWarnings(infra);
    // The services are stopped now; their logs stay in the profile's state for this check.
    check('logs hold no patient data', () => jest('after-e2e'));
  } finally {
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
