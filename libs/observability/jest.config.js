// Built processes start in these tests: hooks and tests get the time two busy cores need.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'observability',
  rootDir: __dirname,
  testTimeout: 120000,
};
