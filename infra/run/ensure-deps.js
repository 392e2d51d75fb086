'use strict';
// Installs node_modules when missing or when package-lock.json changed since the last install.
// Uses only Node builtins, because it runs before anything is installed on a fresh machine.
//
// `npm install` rather than `npm ci`: the registry this machine kind reaches does not serve other
// platforms' optional binaries (e.g. @swc/core-darwin-arm64), so the lock file cannot list them
// and `npm ci` refuses it; `npm install` still installs exactly the locked versions.
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const STAMP = path.join(ROOT, 'node_modules', '.clinic-flow-installed');

const lockHash = () => crypto.createHash('sha256').update(fs.readFileSync(path.join(ROOT, 'package-lock.json'))).digest('hex');

function ensureDependencies(log = console.log) {
  const wanted = lockHash();
  if (fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === wanted) return;
  const started = Date.now();
  log('[deps] installing npm packages (first time takes about a minute) ...');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm install failed; see the output above');
  fs.writeFileSync(STAMP, lockHash());
  log(`[deps] installed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

module.exports = { ensureDependencies, ROOT };
