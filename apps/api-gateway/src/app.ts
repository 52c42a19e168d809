import { authPlugin } from '@shopwire/auth';
import { createServer, listFrom, type ServiceApp } from '@shopwire/service-kit';
import type { DestinationStream } from 'pino';
import type { GatewayConfig } from './config';
import { buildDeps } from './deps';
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
  const { upstreams, settings } = buildDeps(config);
  await app.register(upstreamHealthPlugin, { upstreams });
  await app.register(edgeSecurityPlugin, { corsOrigins: settings.corsOrigins });
  await app.register(authPlugin, {
    jwksUrl: config.JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  await app.register(rateLimitPlugin, settings.rateLimit);
  await app.register(docsPlugin, { upstreams, limits: settings.docsLimits });
  await app.register(proxyPlugin, { upstreams, ...settings.proxy });
  await app.register(storefrontPlugin, {});
  return app;
}
