'use strict';
// Installs node_modules when missing or older than package-lock.json. Uses only Node builtins,
// because it runs before anything is installed on a fresh machine.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

function ensureDependencies(log = console.log) {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  const started = Date.now();
  log('[deps] installing npm packages (npm ci; first time takes about a minute) ...');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm ci failed; see the output above');
  log(`[deps] installed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

module.exports = { ensureDependencies, ROOT };
