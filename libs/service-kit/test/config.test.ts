import { Type } from '@sinclair/typebox';
import { baseConfig, ConfigError, loadConfig, storeConfig } from '../src';

const schema = { ...baseConfig({ port: 3001 }), ...storeConfig({ database: 'users' }) };

describe('configuration from the environment', () => {
  it('when nothing is set, then the local defaults apply', () => {
    const config = loadConfig(schema, {});
    expect(config).toMatchObject({
      PORT: 3001,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      MONGO_DB: 'users',
      MONGO_URL: 'mongodb://127.0.0.1:27017',
    });
  });

  it('when a variable is malformed, then the error names it', () => {
    expect(() => loadConfig(schema, { PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { PORT: 'eighty' })).toThrow(/^Invalid configuration: PORT /);
    expect(() => loadConfig(schema, { MONGO_URL: 'postgres://x' })).toThrow(/MONGO_URL/);
    expect(() => loadConfig(schema, { LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('when a variable without a default is unset or not one of its values, then the one line names it and what it may be', () => {
    const choice = { ...schema, TRANSPORT: Type.Unsafe<'a' | 'b'>({ type: 'string', enum: ['a', 'b'] }) };
    expect(() => loadConfig(choice, {})).toThrow(
      new ConfigError('Invalid configuration: TRANSPORT is required but not set'),
    );
    expect(() => loadConfig(choice, { TRANSPORT: 'c' })).toThrow(
      new ConfigError('Invalid configuration: TRANSPORT must be equal to one of the allowed values (a, b)'),
    );
    expect(loadConfig(choice, { TRANSPORT: 'b' }).TRANSPORT).toBe('b');
  });
});
