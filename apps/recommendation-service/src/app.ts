import { createServer, openApiPlugin, type ServiceApp } from '@shopwire/service-kit';
import { type MessagingPluginOptions, registerEventService } from '@shopwire/messaging';
import type { DestinationStream } from 'pino';
import type { RecommendationServiceConfig } from './config';
import { recommendationConsumers } from './consumers';
import { buildDeps } from './deps';
import { startReplica } from './recommendations/replica';
import { recommendationsRoutes } from './routes/recommendations/recommendations.routes';

export interface BuildOptions {
  logStream?: DestinationStream;
  /** Tests give each app queues of its own (`service`), or share them between replicas. */
  messaging?: Partial<MessagingPluginOptions>;
}

export async function buildApp(config: RecommendationServiceConfig, opts: BuildOptions = {}): Promise<ServiceApp> {
  const app = createServer({
    service: 'recommendation-service',
    logLevel: config.LOG_LEVEL,
    logStream: opts.logStream,
  });
  await registerEventService(app, config, {
    name: 'recommendation-service',
    messaging: { service: 'recommendation', role: 'recommendation', ...opts.messaging },
  });
  await app.register(openApiPlugin, {
    title: 'Shopwire recommendation-service',
    description:
      '"Bought together" and "for you", learnt from confirmed orders and answered from each replica\'s memory.',
  });

  const deps = buildDeps(app, config);
  const replica = startReplica(app, deps);
  app.messaging.consume(recommendationConsumers({ ...deps, state: () => replica.state() }));
  await app.register(recommendationsRoutes, { replica });
  return app;
}
