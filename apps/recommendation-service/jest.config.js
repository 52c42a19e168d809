module.exports = { ...require('../../jest.preset.js'), displayName: 'recommendation-service', rootDir: __dirname };
