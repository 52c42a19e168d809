import { authConfig } from '@shopwire/auth';
import { baseConfig } from '@shopwire/service-kit';
import { Type, type Static, type TObject } from '@sinclair/typebox';

const serviceUrl = (port: number) => Type.String({ default: `http://127.0.0.1:${port}`, pattern: '^https?://' });
const perWindow = (defaultValue: number) => Type.Integer({ default: defaultValue, minimum: 1, maximum: 10_000_000 });

export const config = {
  ...baseConfig({ port: 8080 }),
  ...authConfig(),
  USER_SERVICE_URL: serviceUrl(3001),
  CATALOG_SERVICE_URL: serviceUrl(3002),
  ORDER_SERVICE_URL: serviceUrl(3003),
  NOTIFICATION_SERVICE_URL: serviceUrl(3004),
  RECOMMENDATION_SERVICE_URL: serviceUrl(3005),
  WEBHOOK_SERVICE_URL: serviceUrl(3006),
  // /metrics is not served on the public port: Prometheus scrapes this one, on HOST, which the network keeps in-cluster.
  METRICS_PORT: Type.Integer({ default: 9464, minimum: 0, maximum: 65535 }),
  UPSTREAM_TIMEOUT_MS: Type.Integer({ default: 10000, minimum: 100, maximum: 120000 }),
  // Comma-separated origins allowed to call the API from a browser; empty allows none.
  CORS_ORIGINS: Type.String({ default: '' }),
  // Comma-separated addresses/CIDRs (or loopback, uniquelocal) of a load balancer in front whose X-Forwarded-For is believed.
  TRUST_PROXY: Type.String({ default: '' }),
  // Shared with user-service: proves a request came through this gateway, so its X-Forwarded-For is believed there.
  GATEWAY_SECRET: Type.Optional(Type.String({ minLength: 32, maxLength: 256 })),
  RATE_LIMIT_WINDOW_MS: Type.Integer({ default: 60000, minimum: 100, maximum: 3_600_000 }),
  RATE_LIMIT_ANONYMOUS_MAX: perWindow(300),
  RATE_LIMIT_USER_MAX: perWindow(1200),
  // Register and login, per client address: the doors guessing and sign-up spam come through.
  RATE_LIMIT_AUTH_MAX: perWindow(20),
  // Rate-limit counters live here when set, so every gateway replica enforces one limit.
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  REDIS_KEY_PREFIX: Type.String({ default: 'shopwire:gateway:', minLength: 1 }),
};

export type GatewayConfig = Static<TObject<typeof config>>;
