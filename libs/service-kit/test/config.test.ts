import { baseConfig, ConfigError, loadConfig, storeConfig } from '../src';

const schema = { ...baseConfig({ port: 3001 }), ...storeConfig({ database: 'users' }) };

describe('configuration from the environment', () => {
  it('when nothing is set, then the local defaults apply', () => {
    const config = loadConfig(schema, {});
    expect(config).toMatchObject({ PORT: 3001, HOST: '127.0.0.1', LOG_LEVEL: 'info', MONGO_DB: 'users', MONGO_URL: 'mongodb://127.0.0.1:27017' });
  });

  it('when a variable is malformed, then the error names it', () => {
    expect(() => loadConfig(schema, { PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { PORT: 'eighty' })).toThrow(/^Invalid configuration: PORT /);
    expect(() => loadConfig(schema, { MONGO_URL: 'postgres://x' })).toThrow(/MONGO_URL/);
    expect(() => loadConfig(schema, { LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});
