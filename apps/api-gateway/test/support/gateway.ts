import { loadConfig, type ServiceApp } from '@shopwire/service-kit';
import { buildApp } from '../../src/app';
import { config } from '../../src/config';

export interface TestGateway {
  app: ServiceApp;
  url: string;
  /** Where its metrics are scraped: a listener of their own, not the API port. */
  metricsUrl: string;
  close(): Promise<void>;
}

/** The gateway app, listening on a free port, with every service pointed at `upstreamUrl` unless env says otherwise. */
export async function startGateway(upstreamUrl: string, env: Record<string, string>): Promise<TestGateway> {
  const app = await buildApp(
    loadConfig(config, {
      LOG_LEVEL: 'silent',
      METRICS_PORT: '0',
      USER_SERVICE_URL: upstreamUrl,
      CATALOG_SERVICE_URL: upstreamUrl,
      ORDER_SERVICE_URL: upstreamUrl,
      NOTIFICATION_SERVICE_URL: upstreamUrl,
      WEBHOOK_SERVICE_URL: upstreamUrl,
      RECOMMENDATION_SERVICE_URL: upstreamUrl,
      ...env,
    }),
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    metricsUrl: `http://127.0.0.1:${app.metricsPort?.()}/metrics`,
    close: () => app.close(),
  };
}
