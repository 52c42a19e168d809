import { createServer, openApiPlugin, type ServiceApp } from '@shopwire/service-kit';
import { type MessagingPluginOptions, registerEventService } from '@shopwire/messaging';
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
  await registerEventService(app, config, {
    name: 'notification-service',
    jobs: true,
    messaging: { service: 'notification', role: 'notification', ...opts.messaging },
  });
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
