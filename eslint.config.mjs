import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Apps own a scope; libs are shared. An app never imports another app, a lib never imports an app.
const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  ...['gateway', 'user', 'catalog', 'order', 'notification', 'webhook', 'recommendation'].map((scope) => ({
    sourceTag: `scope:${scope}`,
    onlyDependOnLibsWithTags: ['scope:shared', `scope:${scope}`],
  })),
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'scope:tooling', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tooling'] },
];

export default tseslint.config(
  { ignores: ['**/dist', '**/node_modules', '**/.data', '**/.tools', '**/.nx', 'coverage'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration once through the service-kit config loader and pass it in.',
        },
      ],
    },
  },
  {
    // libs/testing (system launcher, own broker, fakes) is for tests only: no service or lib code may ship it.
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'libs/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@shopwire/testing', message: 'libs/testing is for tests only.' },
            { name: '@shopwire/messaging/testing', message: "messaging's test kit is for tests only." },
          ],
        },
      ],
    },
  },
  {
    files: [
      '**/*.test.ts',
      '**/test/**/*.ts',
      'e2e/**/*.ts',
      'libs/service-kit/src/config.ts',
      'libs/testing/**/*.ts',
      'tools/**/*.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
