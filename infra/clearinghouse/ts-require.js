'use strict';
/*
 * Lets the simulator (plain Node, started before anything is built) load libs/x12 from its
 * TypeScript source: .ts files are compiled by SWC (a dev dependency, as for Jest) on require.
 */
const fs = require('fs');
const path = require('path');
const Module = require('module');
const { swcOptions, root } = require('../../tools/build/swc-options');

const X12_ENTRY = path.join(root, 'libs', 'x12', 'src', 'index.ts');

function register() {
  if (require.extensions['.ts']) return;
  const swc = require('@swc/core');
  const options = swcOptions();
  require.extensions['.ts'] = (module, filename) => {
    const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename, sourceMaps: false });
    module._compile(code, filename);
  };
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function resolveAlias(request, ...rest) {
    return resolve.call(this, request === '@clinic-flow/x12' ? X12_ENTRY : request, ...rest);
  };
}

/** libs/x12, compiled from source. */
function loadX12() {
  register();
  return require(X12_ENTRY);
}

module.exports = { loadX12 };
