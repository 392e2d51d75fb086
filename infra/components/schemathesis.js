'use strict';
/*
 * Schemathesis from PyPI, the API fuzzer `npm run fuzz` and the e2e fuzz file run over the gateway's
 * public OpenAPI document. Installed once into a virtualenv in the cache (never committed), like the
 * X12 validators: schemathesis and every package it pulls in, each at an exact version, installed
 * without dependency resolution so every machine fuzzes with the same code.
 *
 * A tool, not a server: provisioned, never started (see DATA_SETS in infra.js).
 */
const { pythonVenv } = require('../lib/python-venv');

/** schemathesis 4.32.5 and the closure pip resolved for it on Python 3.11 (pip freeze). */
const PACKAGES = [
  'schemathesis==4.32.5',
  'anyio==4.16.0',
  'certifi==2026.10.19.post1',
  'charset-normalizer==3.5.3',
  'click==8.5.1',
  'graphql-core==3.3.2',
  'harfile==0.6.0',
  'hypothesis==6.170.17',
  'hypothesis-graphql==0.13.5',
  'idna==3.20',
  'iniconfig==2.3.1',
  'jsonschema_rs==0.60.3',
  'markdown-it-py==4.3.0',
  'MarkupSafe==3.0.4',
  'mdurl==0.1.2',
  'packaging==26.4',
  'pluggy==1.7.0',
  'Pygments==2.21.0',
  'pyrate-limiter==4.5.1',
  'pytest==9.2.0',
  'PyYAML==6.0.4',
  'requests==2.34.2',
  'rich==15.0.0',
  'sortedcontainers==2.4.0',
  'typing_extensions==4.16.0',
  'urllib3==2.8.0',
  'Werkzeug==3.1.9',
];
const venv = pythonVenv({ name: 'schemathesis', packages: PACKAGES, purpose: 'the API fuzzer', describe: `${PACKAGES[0]} (${PACKAGES.length - 1} pinned dependencies)` });
const BIN = venv.bin('schemathesis');

/** Makes the virtualenv when missing or made with other versions; returns the `schemathesis` executable. */
function ensureSchemathesis(say = () => undefined) {
  venv.ensure(say, `schemathesis cached (${venv.dir})`);
  return BIN;
}

module.exports = {
  name: 'schemathesis',
  bin: BIN,
  ensureSchemathesis,
  async provision({ say, tag }) {
    ensureSchemathesis((label, message) => say(label, `${tag()} ${message}`));
  },
};
