// Three test layers (see README "Tests"): unit tests need nothing running; integration tests
// need the real infrastructure (started by infra/run/test.js); e2e tests drive the whole system.
const { pathsToModuleNameMapper } = require('./tools/build/jest-paths');

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', require('./tools/build/swc-options').swcOptions()] },
  moduleNameMapper: pathsToModuleNameMapper(),
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  testSequencer: '<rootDir>/tools/test/slow-first.sequencer.js',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,services}/*/src/**/*.spec.ts', '<rootDir>/infra/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts'], setupFiles: ['reflect-metadata'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services}/*/src/**/*.int-spec.ts'],
      setupFiles: ['<rootDir>/libs/testing/src/jest/integration.setup.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/services/*/e2e/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/libs/testing/src/jest/integration.setup.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest/e2e.global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/e2e.global-teardown.ts',
    },
    // Checks over what the e2e run left behind (its services' logs), on the same profile's state.
    { ...common, displayName: 'after-e2e', testMatch: ['<rootDir>/services/*/e2e/**/*.after-e2e-spec.ts'] },
  ],
};
