import { createServer, jobsPlugin, listFrom, mongoPlugin, openApiPlugin, type ServiceApp } from '@shopwire/service-kit';
import { authPlugin } from '@shopwire/auth';
import { brokerPlugin, followStream, messagingPlugin, type MessagingPluginOptions } from '@shopwire/messaging';
import type { DestinationStream } from 'pino';
import { mailTransportOf, type NotificationServiceConfig } from './config';
import { modelsOn } from './models';
import { notificationRetention } from './notifications/notification-retention';
import { mailerPlugin } from './plugins/mailer.plugin';
import { liveFeedPlugin } from './plugins/live-feed.plugin';
import { notificationsRoutes } from './routes/notifications/notifications.routes';
import { preferencesRoutes } from './routes/notifications/preferences.routes';
import { streamRoutes } from './routes/notifications/stream.routes';
import { notificationConsumers } from './consumers';

export interface BuildOptions {
  logStream?: DestinationStream;
  /** Tests give each app queues of its own (`service`), or share them between replicas. */
  messaging?: Partial<MessagingPluginOptions>;
}

export async function buildApp(config: NotificationServiceConfig, opts: BuildOptions = {}): Promise<ServiceApp> {
  const transport = mailTransportOf(config);
  const app = createServer({ service: 'notification-service', logLevel: config.LOG_LEVEL, logStream: opts.logStream });
  await app.register(mongoPlugin, { url: config.MONGO_URL, dbName: config.MONGO_DB });
  await app.register(jobsPlugin);
  await app.register(brokerPlugin, { url: config.AMQP_URL, connectionName: 'notification-service' });
  await app.register(messagingPlugin, { service: 'notification', role: 'notification', retryDelaysMs: listFrom(config.EVENT_RETRY_DELAYS_MS).map(Number), ...opts.messaging });
  await app.register(authPlugin, { jwksUrl: config.JWKS_URL, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
  // Deleted accounts and changed roles end the tokens already issued, on every replica.
  followStream(app.broker, 'user.access', (event) => app.revokedAccess.applyEvent(event), app.log);
  await app.register(mailerPlugin, { transport, from: config.MAIL_FROM });
  await app.register(liveFeedPlugin);
  await app.register(openApiPlugin, { title: 'Shopwire notification-service', description: 'In-app notifications, channel preferences and live push (Server-Sent Events).' });

  const data = { store: app.store, models: modelsOn(app.mongo) };
  app.messaging.consume(notificationConsumers({ ...data, mailer: app.mailer, liveFeed: app.liveFeed, log: app.log }));
  app.jobs.add(notificationRetention(data.models.notifications, { readRetentionDays: config.NOTIFICATION_READ_RETENTION_DAYS, everyMs: config.RETENTION_EVERY_MS, log: app.log }));

  await app.register(notificationsRoutes, data);
  await app.register(preferencesRoutes, data);
  await app.register(streamRoutes, { ...data, heartbeatMs: config.SSE_HEARTBEAT_MS, maxStreamsPerUser: config.SSE_MAX_STREAMS_PER_USER });
  return app;
}
