'use strict';
// Lets plain node require the repository's TypeScript (libs, services) the way the build compiles
// it: SWC with the same options, @clinic-flow/* aliases rewritten. Only for tools run by npm scripts.
const fs = require('node:fs');
const Module = require('node:module');
const { swcOptions } = require('../../build/swc-options');

let registered = false;

function registerTs() {
  if (registered) return;
  registered = true;
  require('reflect-metadata');
  const swc = require('@swc/core');
  const options = swcOptions({ rewritePaths: true });
  Module._extensions['.ts'] = (module, filename) => {
    const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename, sourceMaps: false });
    module._compile(code, filename);
  };
}

module.exports = { registerTs };
