'use strict';
/*
 * Independent X12 validators from PyPI, for the tests: linuxforhealth-x12 (pydantic models of the
 * 005010X279A1 270/271) and pyx12 (x12valid's engine; 999 005010X231A1 and the other maps it ships).
 * Installed once into a virtualenv in the cache (never committed) with exact versions and no
 * dependency resolution (linuxforhealth-x12 0.57 needs pydantic 1.x, which pip would not pick).
 * infra/x12-validator/validate.py runs them; `npm test` provisions this before the unit tests.
 *
 * A tool, not a server: provisioned, never started (see DATA_SETS in infra.js).
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { CACHE_DIR } = require('../lib/profile');
const { mkdirp } = require('../lib/process');

const PACKAGES = [
  'pyx12==4.0.0',
  'defusedxml==0.7.1',
  'linuxforhealth-x12==0.57.0',
  'pydantic==1.10.21',
  'typing_extensions==4.12.2',
  'python-dotenv==1.0.1',
];
const VENV = path.join(CACHE_DIR, 'tools', 'x12-validator');
const STAMP = path.join(VENV, '.clinic-flow-packages');
const PYTHON = path.join(VENV, 'bin', 'python');
const SCRIPT = path.join(__dirname, '..', 'x12-validator', 'validate.py');

const installed = () => fs.existsSync(PYTHON) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === PACKAGES.join('\n');

function run(cmd, args) {
  const result = spawnSync(cmd, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr || result.error?.message || result.status}`);
}

/** Makes the virtualenv when missing or made with other versions; `say(component, message)` reports. */
function ensureX12Validator(say = () => undefined) {
  if (installed()) {
    say('x12-validator', `pyx12 and linuxforhealth-x12 cached (${VENV})`);
    return;
  }
  const started = Date.now();
  const python = ['python3', 'python'].find((cmd) => spawnSync(cmd, ['--version']).status === 0);
  if (!python) throw new Error('x12-validator: no python3 on PATH (needed for the independent X12 validators)');
  fs.rmSync(VENV, { recursive: true, force: true });
  mkdirp(path.dirname(VENV));
  say('x12-validator', `create ${VENV} and install ${PACKAGES.join(', ')} ...`);
  run(python, ['-m', 'venv', VENV]);
  run(PYTHON, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', ...PACKAGES]);
  fs.writeFileSync(STAMP, PACKAGES.join('\n'));
  say('x12-validator', `installed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

/**
 * Validates X12 files; returns one report per file: { file, validator, sets, read, ok, errors }.
 * Throws when the validator itself cannot run.
 */
function validateX12Files(files) {
  const result = spawnSync(PYTHON, [SCRIPT, ...files], { encoding: 'utf8' });
  const reports = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  if (reports.length !== files.length) throw new Error(`x12-validator reported on ${reports.length} of ${files.length} files: ${result.stderr}`);
  return reports;
}

module.exports = {
  name: 'x12-validator',
  python: PYTHON,
  script: SCRIPT,
  ensureX12Validator,
  validateX12Files,
  async provision({ say, tag }) {
    ensureX12Validator((label, message) => say(label, `${tag()} ${message}`));
  },
};
