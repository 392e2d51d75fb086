'use strict';
// Bundles the front desk's web app (apps/front-desk, React + TypeScript) with esbuild into
// <dist>/apps/front-desk/: index.html, front-desk.js and front-desk.css. The gateway serves that
// folder at / (services/api-gateway/src/front-desk). Takes well under a second.
const fs = require('node:fs');
const path = require('node:path');
const { root } = require('./swc-options');

const APP_DIR = path.join(root, 'apps', 'front-desk');

async function bundleFrontDesk(outDir) {
  const esbuild = require('esbuild');
  const target = path.join(outDir, 'apps', 'front-desk');
  fs.mkdirSync(target, { recursive: true });
  await esbuild.build({
    entryPoints: { 'front-desk': path.join(APP_DIR, 'src', 'main.tsx') },
    outdir: target,
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'iife',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    tsconfig: path.join(APP_DIR, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  fs.copyFileSync(path.join(APP_DIR, 'index.html'), path.join(target, 'index.html'));
  return target;
}

module.exports = { bundleFrontDesk, APP_DIR };
