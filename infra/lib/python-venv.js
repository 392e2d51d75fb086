'use strict';
/*
 * A Python tool from PyPI in a virtualenv of the cache (never committed): exact versions of the
 * tool and every package it needs, installed with --no-deps so every machine runs the same code
 * (and a pin pip would not pick, like pydantic 1.x, stays). The venv is made again when its
 * stamp (the package list) differs. Used by the X12 validators and schemathesis.
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { CACHE_DIR } = require('./profile');
const { mkdirp } = require('./process');

function run(cmd, args) {
  const result = spawnSync(cmd, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr || result.error?.message || result.status}`);
}

/**
 * `name` names the venv (~/.cache/clinic-flow/tools/<name>) and the log lines; `purpose` says in
 * the error what python3 is needed for; `describe` is what the install line names.
 */
function pythonVenv({ name, packages, purpose, describe = packages.join(', ') }) {
  const dir = path.join(CACHE_DIR, 'tools', name);
  const stamp = path.join(dir, '.clinic-flow-packages');
  const python = path.join(dir, 'bin', 'python');
  const installed = () => fs.existsSync(python) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === packages.join('\n');
  return {
    dir,
    python,
    bin: (executable) => path.join(dir, 'bin', executable),
    installed,
    /** Makes the virtualenv when missing or made with other versions; `say(component, message)` reports. Returns true when it was already there. */
    ensure(say = () => undefined, cachedMessage = `cached (${dir})`) {
      if (installed()) {
        say(name, cachedMessage);
        return true;
      }
      const started = Date.now();
      const system = ['python3', 'python'].find((cmd) => spawnSync(cmd, ['--version']).status === 0);
      if (!system) throw new Error(`${name}: no python3 on PATH (needed for ${purpose})`);
      fs.rmSync(dir, { recursive: true, force: true });
      mkdirp(path.dirname(dir));
      say(name, `create ${dir} and install ${describe} ...`);
      run(system, ['-m', 'venv', dir]);
      run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', ...packages]);
      fs.writeFileSync(stamp, packages.join('\n'));
      say(name, `installed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
      return false;
    },
  };
}

module.exports = { pythonVenv };
