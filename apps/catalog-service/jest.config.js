module.exports = { ...require('../../jest.preset.js'), displayName: 'catalog-service', rootDir: __dirname };
