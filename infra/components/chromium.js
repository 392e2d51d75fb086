'use strict';
/*
 * Chromium from Debian (apt-get when missing), for the browser tests (the operations console of
 * issue 13, driven by puppeteer-core from npm). Nothing runs as a daemon: each test file starts
 * its own headless browser. CHROMIUM_PATH names another Chrome or Chromium binary instead.
 */
const { aptInstaller, which } = require('../lib/process');

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** The browser binary the tests use, or null when none is installed. */
function findChromium() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of CANDIDATES) {
    const bin = which(name);
    if (bin) return bin;
  }
  return null;
}

/** Installs Debian's chromium when no browser is found; returns its path. */
async function ensureChromium(say = () => undefined) {
  let bin = findChromium();
  if (bin) {
    say('chromium', `ok (${bin})`);
    return bin;
  }
  await aptInstaller(say)('chromium', ['chromium']);
  bin = findChromium();
  if (!bin) throw new Error('chromium still not on PATH after apt-get install');
  say('chromium', `installed (${bin})`);
  return bin;
}

module.exports = { findChromium, ensureChromium };
