import { brokerPlugin, messagingPlugin, type MessagingPluginOptions } from '@shopwire/messaging';
import { ConfigError, createServer, jobsPlugin, listFrom, mongoPlugin, openApiPlugin, type ServiceApp } from '@shopwire/service-kit';
import type { DestinationStream } from 'pino';
import { sessionRetention } from './auth/session-retention';
import type { UserServiceConfig } from './config';
import { loadSigningKeys } from './keys/signing-keys';
import { accountSetupPlugin } from './plugins/account-setup.plugin';
import { identityPlugin } from './plugins/identity.plugin';
import { redisPlugin } from './plugins/redis.plugin';
import { authRoutes } from './routes/auth/auth.routes';
import { jwksRoutes } from './routes/jwks/jwks.routes';
import { adminRoutes } from './routes/users/admin.routes';
import { meRoutes } from './routes/users/me.routes';

export interface BuildOptions {
  logStream?: DestinationStream;
  /** Tests give each app queues of its own. */
  messaging?: Partial<MessagingPluginOptions>;
}

export async function buildApp(config: UserServiceConfig, opts: BuildOptions = {}): Promise<ServiceApp> {
  if (Boolean(config.ADMIN_EMAIL) !== Boolean(config.ADMIN_PASSWORD)) {
    throw new ConfigError('Invalid configuration: ADMIN_EMAIL and ADMIN_PASSWORD are set together or not at all');
  }
  const keys = await loadSigningKeys(config);
  const app = createServer({ service: 'user-service', logLevel: config.LOG_LEVEL, logStream: opts.logStream, trustProxy: listFrom(config.TRUST_PROXY) });
  await app.register(mongoPlugin, { url: config.MONGO_URL, dbName: config.MONGO_DB });
  await app.register(jobsPlugin);
  await app.register(brokerPlugin, { url: config.AMQP_URL, connectionName: 'user-service' });
  await app.register(messagingPlugin, { service: 'user', ...opts.messaging });
  await app.register(redisPlugin, { url: config.REDIS_URL });
  await app.register(identityPlugin, { config, keys });
  app.jobs.add(sessionRetention(app.identity.sessions, { everyMs: config.RETENTION_EVERY_MS, log: app.log }));
  await app.register(openApiPlugin, { title: 'Shopwire user-service', description: 'Accounts, logins, tokens and delivery addresses. Errors are application/problem+json.' });
  await app.register(authRoutes, { gatewaySecret: config.GATEWAY_SECRET });
  await app.register(meRoutes);
  await app.register(adminRoutes);
  await app.register(jwksRoutes);
  await app.register(accountSetupPlugin, { admin: config.ADMIN_EMAIL && config.ADMIN_PASSWORD ? { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD } : undefined });
  return app;
}
