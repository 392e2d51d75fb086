// Lint rules that keep the architecture honest: services and apps import libs only (never each other),
// shared libs never import the testing lib, feature folders depend on each other one way only,
// and the usual TypeScript hygiene.
import nx from '@nx/eslint-plugin';
import featureCycles from './tools/lint/feature-cycles.js';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', 'infra/**/*.js', '**/*.config.js'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'clinic-flow': featureCycles },
    rules: {
      'clinic-flow/no-feature-cycles': 'error',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
            // The web apps (apps/*) bundle for the browser: libs only, and of those only files without Node or Nest.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:shared', notDependOnLibsWithTags: ['scope:testing'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Tests of shared libs may use the testing lib (real infra helpers); their code may not.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.test-support.ts', '**/e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints: [{ sourceTag: '*', onlyDependOnLibsWithTags: ['type:lib'] }] },
      ],
    },
  },
];
