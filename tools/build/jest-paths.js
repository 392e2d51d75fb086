'use strict';
// Maps the tsconfig path aliases (@clinic-flow/*) for Jest, which does not read tsconfig.
const path = require('node:path');

function pathsToModuleNameMapper() {
  const { compilerOptions } = require(path.join(__dirname, '..', '..', 'tsconfig.base.json'));
  const mapper = {};
  for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
    mapper[`^${alias.replace(/[/@-]/g, (c) => `\\${c}`)}$`] = `<rootDir>/${target}`;
  }
  return mapper;
}

module.exports = { pathsToModuleNameMapper };
