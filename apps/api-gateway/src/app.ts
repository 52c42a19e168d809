import { createServer, type ServiceApp } from '@shopwire/service-kit';
import type { DestinationStream } from 'pino';
import type { GatewayConfig } from './config';
import { upstreamsFrom } from './upstreams';
import { proxyPlugin } from './plugins/proxy.plugin';
import { upstreamHealthPlugin } from './plugins/upstream-health.plugin';

export interface BuildOptions {
  logStream?: DestinationStream;
}

export async function buildApp(config: GatewayConfig, opts: BuildOptions = {}): Promise<ServiceApp> {
  const app = createServer({ service: 'api-gateway', logLevel: config.LOG_LEVEL, logStream: opts.logStream });
  const upstreams = upstreamsFrom(config);
  await app.register(upstreamHealthPlugin, { upstreams });
  await app.register(proxyPlugin, { upstreams, timeoutMs: config.UPSTREAM_TIMEOUT_MS });
  return app;
}
