import { createServer, listFrom, mongoPlugin, openApiPlugin, type ServiceApp } from '@shopwire/service-kit';
import { authPlugin } from '@shopwire/auth';
import { brokerPlugin, followStream, messagingPlugin, type MessagingPluginOptions } from '@shopwire/messaging';
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
  await app.register(mongoPlugin, { url: config.MONGO_URL, dbName: config.MONGO_DB });
  await app.register(brokerPlugin, { url: config.AMQP_URL, connectionName: 'recommendation-service' });
  await app.register(messagingPlugin, {
    service: 'recommendation',
    role: 'recommendation',
    retryDelaysMs: listFrom(config.EVENT_RETRY_DELAYS_MS).map(Number),
    ...opts.messaging,
  });
  await app.register(authPlugin, {
    jwksUrl: config.JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  // Deleted accounts and changed roles end the tokens already issued, on every replica.
  followStream(app.broker, 'user.access', (event) => app.revokedAccess.applyEvent(event), app.log);
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
