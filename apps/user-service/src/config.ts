import { baseConfig, brokerConfig, storeConfig } from '@shopwire/service-kit';
import { tokenClaimsConfig } from '@shopwire/auth';
import { Type, type Static, type TObject } from '@sinclair/typebox';

const seconds = (defaultValue: number, maximum: number) => Type.Integer({ default: defaultValue, minimum: 1, maximum });
export const MAX_ACCESS_TOKEN_TTL_SECONDS = 86400;

export const config = {
  ...baseConfig({ port: 3001 }),
  ...storeConfig({ database: 'users' }),
  ...brokerConfig(),
  ...tokenClaimsConfig(),
  // A JSON array (or {"keys": [...]}) of private JWKs (Ed25519 or RSA); the first signs, all are published.
  JWT_PRIVATE_KEYS: Type.Optional(Type.String({ minLength: 2 })),
  // Without JWT_PRIVATE_KEYS: a key generated once and kept here, for local runs.
  JWT_KEYS_DIR: Type.String({ default: '.data/keys', minLength: 1 }),
  ACCESS_TOKEN_TTL_SECONDS: seconds(900, MAX_ACCESS_TOKEN_TTL_SECONDS),
  REFRESH_TOKEN_TTL_SECONDS: seconds(30 * 86400, 365 * 86400),
  ADMIN_EMAIL: Type.Optional(Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$', maxLength: 254 })),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 8, maxLength: 128 })),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: Type.Integer({ default: 5, minimum: 1, maximum: 1000 }),
  LOGIN_MAX_FAILURES_PER_ADDRESS: Type.Integer({ default: 50, minimum: 1, maximum: 100000 }),
  LOGIN_THROTTLE_WINDOW_SECONDS: seconds(900, 86400),
  // Login failures are counted here when set, so every replica sees the same count.
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  REDIS_KEY_PREFIX: Type.String({ default: 'shopwire:users:', minLength: 1 }),
  // How often expired and revoked logins are removed (a job in one replica).
  RETENTION_EVERY_MS: Type.Integer({ default: 3600000, minimum: 100, maximum: 86400000 }),
  // The gateway's secret (the same value as its GATEWAY_SECRET): only a request carrying it has its
  // X-Forwarded-For believed, so a caller reaching this service directly cannot pick the address it is throttled under.
  GATEWAY_SECRET: Type.Optional(Type.String({ minLength: 32, maxLength: 256 })),
  // Addresses/CIDRs of a proxy whose X-Forwarded-For is believed without the secret; none by default.
  TRUST_PROXY: Type.String({ default: '' }),
};

export type UserServiceConfig = Static<TObject<typeof config>>;
