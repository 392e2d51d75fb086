'use strict';
// Compiles every service and lib with SWC into dist/ (about a second), rewriting the
// @clinic-flow/* aliases to relative paths so `node dist/services/<name>/src/main.js` runs as is,
// and bundles the front desk's web app (tools/build/front-desk.js) beside them.
const fs = require('node:fs');
const path = require('node:path');
const { swcOptions, root } = require('./swc-options');
const { bundleFrontDesk } = require('./front-desk');

const SOURCE_DIRS = ['services', 'libs'];
const TEST_FILE = /\.(spec|int-spec|e2e-spec|test-support)\.ts$/;

function sourceFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'e2e') walk(full);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !TEST_FILE.test(entry.name)) {
        files.push(full);
      }
    }
  };
  for (const top of SOURCE_DIRS) {
    for (const project of fs.readdirSync(path.join(root, top))) {
      const src = path.join(root, top, project, 'src');
      if (fs.existsSync(src)) walk(src);
    }
  }
  return files;
}

/** dist/ unless CLINIC_FLOW_DIST_DIR names another folder (side-by-side test runs). */
function distDir() {
  return path.resolve(root, process.env.CLINIC_FLOW_DIST_DIR || 'dist');
}

async function build({ outDir = distDir(), log = console.log } = {}) {
  const swc = require('@swc/core');
  const started = Date.now();
  const files = sourceFiles();
  fs.rmSync(outDir, { recursive: true, force: true });
  const options = swcOptions({ rewritePaths: true });
  await Promise.all(
    files.map(async (file) => {
      const rel = path.relative(root, file);
      const target = path.join(outDir, rel.replace(/\.ts$/, '.js'));
      const { code, map } = await swc.transformFile(file, { ...options, filename: file, outputPath: target, sourceFileName: path.relative(path.dirname(target), file) });
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
      if (map) fs.writeFileSync(`${target}.map`, map);
    }),
  );
  const compiled = Date.now();
  await bundleFrontDesk(outDir);
  log(
    `[build] compiled ${files.length} files into ${path.relative(root, outDir)}/ in ${((compiled - started) / 1000).toFixed(1)}s; ` +
      `front desk app bundled in ${((Date.now() - compiled) / 1000).toFixed(1)}s`,
  );
}

module.exports = { build, distDir };

if (require.main === module) {
  build().catch((error) => {
    console.error(`[build] FAILED: ${error.message}`);
    process.exit(1);
  });
}
