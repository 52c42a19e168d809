// Browser tests: the built system (gateway, services, store, broker) driven through Debian's Chromium.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'storefront',
  rootDir: __dirname,
  testTimeout: 120000,
};
