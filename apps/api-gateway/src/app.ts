import { authPlugin } from '@shopwire/auth';
import { createServer, DEFAULT_BODY_LIMIT, listFrom, type ServiceApp } from '@shopwire/service-kit';
import type { DestinationStream } from 'pino';
import type { GatewayConfig } from './config';
import { upstreamsFrom } from './upstreams';
import { docsPlugin } from './plugins/docs.plugin';
import { edgeSecurityPlugin } from './plugins/edge-security.plugin';
import { proxyPlugin } from './plugins/proxy.plugin';
import { rateLimitPlugin } from './plugins/rate-limit.plugin';
import { storefrontPlugin } from './plugins/storefront.plugin';
import { upstreamHealthPlugin } from './plugins/upstream-health.plugin';

export interface BuildOptions {
  logStream?: DestinationStream;
}

export async function buildApp(config: GatewayConfig, opts: BuildOptions = {}): Promise<ServiceApp> {
  const app = createServer({
    service: 'api-gateway',
    logLevel: config.LOG_LEVEL,
    logStream: opts.logStream,
    trustProxy: listFrom(config.TRUST_PROXY),
    metrics: { listen: 'own-port', host: config.HOST, port: config.METRICS_PORT },
  });
  const upstreams = upstreamsFrom(config);
  await app.register(upstreamHealthPlugin, { upstreams });
  await app.register(edgeSecurityPlugin, { corsOrigins: listFrom(config.CORS_ORIGINS) });
  await app.register(authPlugin, { jwksUrl: config.JWKS_URL, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
  await app.register(rateLimitPlugin, {
    windowMs: config.RATE_LIMIT_WINDOW_MS,
    anonymousMax: config.RATE_LIMIT_ANONYMOUS_MAX,
    userMax: config.RATE_LIMIT_USER_MAX,
    credentialsMax: config.RATE_LIMIT_AUTH_MAX,
    redisUrl: config.REDIS_URL,
    keyPrefix: config.REDIS_KEY_PREFIX,
  });
  // The rate-limit headers are documented with the budgets and the window this gateway runs with.
  const maxPerWindow = Math.max(config.RATE_LIMIT_ANONYMOUS_MAX, config.RATE_LIMIT_USER_MAX, config.RATE_LIMIT_AUTH_MAX);
  await app.register(docsPlugin, { upstreams, limits: { maxPerWindow, maxWindowSeconds: Math.ceil(config.RATE_LIMIT_WINDOW_MS / 1000) } });
  await app.register(proxyPlugin, { upstreams, timeoutMs: config.UPSTREAM_TIMEOUT_MS, bodyLimit: DEFAULT_BODY_LIMIT, gatewaySecret: config.GATEWAY_SECRET });
  await app.register(storefrontPlugin, {});
  return app;
}
