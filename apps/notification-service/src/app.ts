import { createServer, jobsPlugin, listFrom, mongoPlugin, openApiPlugin, type ServiceApp } from '@shopwire/service-kit';
import { authPlugin } from '@shopwire/auth';
import { brokerPlugin, followStream, messagingPlugin, type MessagingPluginOptions } from '@shopwire/messaging';
import type { DestinationStream } from 'pino';
import { mailTransportOf, type NotificationServiceConfig } from './config';
import { notificationConsumers } from './consumers';
import { buildDeps, type NotificationServiceDeps } from './deps';
import { notificationRetention } from './notifications/notification-retention';
import { notificationsRoutes } from './routes/notifications/notifications.routes';
import { preferencesRoutes } from './routes/notifications/preferences.routes';
import { streamRoutes } from './routes/notifications/stream.routes';

export interface BuildOptions {
  logStream?: DestinationStream;
  /** Tests give each app queues of its own (`service`), or share them between replicas. */
  messaging?: Partial<MessagingPluginOptions>;
}

/** The app and the dependencies its routes and consumers were given (tests reach the store through them). */
export interface NotificationService {
  app: ServiceApp;
  deps: NotificationServiceDeps;
}

export async function buildService(
  config: NotificationServiceConfig,
  opts: BuildOptions = {},
): Promise<NotificationService> {
  const mailTransport = mailTransportOf(config);
  const app = createServer({ service: 'notification-service', logLevel: config.LOG_LEVEL, logStream: opts.logStream });
  await app.register(mongoPlugin, { url: config.MONGO_URL, dbName: config.MONGO_DB });
  await app.register(jobsPlugin);
  await app.register(brokerPlugin, { url: config.AMQP_URL, connectionName: 'notification-service' });
  await app.register(messagingPlugin, {
    service: 'notification',
    role: 'notification',
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
  const deps = buildDeps({
    config,
    mailTransport,
    mongo: app.mongo,
    store: app.store,
    broker: app.broker,
    log: app.log,
  });
  await app.register(openApiPlugin, {
    title: 'Shopwire notification-service',
    description: 'In-app notifications, channel preferences and live push (Server-Sent Events).',
  });

  app.messaging.consume(notificationConsumers(deps));
  app.jobs.add(
    notificationRetention(deps.models.notifications, {
      readRetentionDays: config.NOTIFICATION_READ_RETENTION_DAYS,
      everyMs: config.RETENTION_EVERY_MS,
      log: app.log,
    }),
  );

  await app.register(notificationsRoutes, { deps });
  await app.register(preferencesRoutes, { deps });
  await app.register(streamRoutes, { deps });
  return { app, deps };
}

export async function buildApp(config: NotificationServiceConfig, opts: BuildOptions = {}): Promise<ServiceApp> {
  return (await buildService(config, opts)).app;
}
