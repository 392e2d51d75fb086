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
const path = require('path');
const { spawnSync } = require('child_process');
const { pythonVenv } = require('../lib/python-venv');

const PACKAGES = [
  'pyx12==4.0.0',
  'defusedxml==0.7.1',
  'linuxforhealth-x12==0.57.0',
  'pydantic==1.10.21',
  'typing_extensions==4.12.2',
  'python-dotenv==1.0.1',
];
const venv = pythonVenv({ name: 'x12-validator', packages: PACKAGES, purpose: 'the independent X12 validators' });
const PYTHON = venv.python;
const SCRIPT = path.join(__dirname, '..', 'x12-validator', 'validate.py');

/** Makes the virtualenv when missing or made with other versions; `say(component, message)` reports. */
function ensureX12Validator(say = () => undefined) {
  venv.ensure(say, `pyx12 and linuxforhealth-x12 cached (${venv.dir})`);
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
