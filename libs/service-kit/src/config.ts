import envSchema from 'env-schema';
import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Variables every Shopwire process reads; each service adds its own next to them. */
export function baseConfig(defaults: { port: number }) {
  return {
    HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
    PORT: Type.Integer({ default: defaults.port, minimum: 0, maximum: 65535 }),
    LOG_LEVEL: Type.Union(
      LOG_LEVELS.map((level) => Type.Literal(level)),
      { default: 'info' },
    ),
    SHUTDOWN_GRACE_MS: Type.Integer({ default: 10000, minimum: 100, maximum: 60000 }),
  };
}

/** The service's own MongoDB database. */
export function storeConfig(defaults: { database: string }) {
  return {
    MONGO_URL: Type.String({ default: 'mongodb://127.0.0.1:27017', pattern: '^mongodb(\\+srv)?://' }),
    MONGO_DB: Type.String({ default: defaults.database, pattern: '^[A-Za-z0-9_-]{1,63}$' }),
  };
}

export function brokerConfig() {
  return {
    AMQP_URL: Type.String({ default: 'amqp://guest:guest@127.0.0.1:5672', pattern: '^amqps?://' }),
  };
}

/** A comma-separated variable as a list: `"a, b,,c"` → `["a", "b", "c"]`. */
export function listFrom(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

export type BaseConfig = Static<TObject<ReturnType<typeof baseConfig>>>;

interface SchemaError {
  instancePath?: string;
  message?: string;
  params?: { missingProperty?: string; allowedValues?: unknown[] };
}

function describe(error: SchemaError): string {
  const name = error.params?.missingProperty ?? error.instancePath?.replace(/^\//, '') ?? 'configuration';
  if (error.params?.missingProperty) return `${name} is required but not set`;
  const allowed = error.params?.allowedValues;
  return `${name} ${error.message ?? 'is invalid'}${allowed ? ` (${allowed.join(', ')})` : ''}`;
}

/** Reads and validates the environment once, at start-up; throws a ConfigError naming the first bad variable. */
export function loadConfig<P extends TProperties>(
  properties: P,
  env: NodeJS.ProcessEnv = process.env,
): Static<TObject<P>> {
  const schema = Type.Object(properties);
  try {
    return envSchema<Static<TObject<P>>>({ schema, data: env, dotenv: false });
  } catch (error) {
    const errors = (error as { errors?: SchemaError[] }).errors;
    const first = errors?.[0];
    throw new ConfigError(`Invalid configuration: ${first ? describe(first) : (error as Error).message}`);
  }
}
