// Shared Jest settings: TypeScript through SWC, and the tsconfig path aliases of the libs.
const path = require('node:path');

const libs = path.join(__dirname, 'libs');
const ESM_ONLY = ['cookie', 'jose', 'content-disposition'];

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
    // ESM-only packages (Jest cannot require ESM on Node 20): compiled to CommonJS like our own code.
    '^.+\\.m?js$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: {
    '^@shopwire/loadgen$': path.join(__dirname, 'tools', 'loadgen', 'src', 'index.ts'),
    '^@shopwire/messaging/testing$': path.join(libs, 'messaging', 'test', 'support', 'index.ts'),
    '^@shopwire/([a-z-]+)$': `${libs}/$1/src/index.ts`,
  },
  testMatch: ['**/*.test.ts'],
  testTimeout: 30000,
};
