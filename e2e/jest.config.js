module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testTimeout: 90000,
  // Every answer through a gateway is checked against its merged OpenAPI document.
  setupFilesAfterEnv: ['<rootDir>/test/check-responses.setup.ts'],
};
