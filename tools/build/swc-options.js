'use strict';
// One SWC configuration for the build and for Jest, so decorators (NestJS, class-validator,
// mongoose) behave identically in tests and in the running services.
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

function swcOptions({ rewritePaths = false } = {}) {
  const jsc = {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  };
  if (rewritePaths) {
    // The build rewrites @clinic-flow/* imports to relative paths so dist/ runs with plain node.
    const { compilerOptions } = require(path.join(root, 'tsconfig.base.json'));
    jsc.baseUrl = root;
    jsc.paths = compilerOptions.paths;
  }
  return { jsc, module: { type: 'commonjs' }, sourceMaps: true, swcrc: false };
}

module.exports = { swcOptions, root };
