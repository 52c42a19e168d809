import { authPlugin } from '@shopwire/auth';
import { jobsPlugin, listFrom, mongoPlugin, type ServiceApp } from '@shopwire/service-kit';
import { brokerPlugin } from './broker.plugin';
import { messagingPlugin, type MessagingPluginOptions } from './messaging.plugin';
import { followStream } from './stream-follower';

/** The settings every event-driven service reads from its environment. */
export interface EventServiceConfig {
  MONGO_URL: string;
  MONGO_DB: string;
  AMQP_URL: string;
  JWKS_URL: string;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
  /** Retry tiers of its consumer (comma-separated ms); the lib's defaults where a service does not set them. */
  EVENT_RETRY_DELAYS_MS?: string;
}

export interface EventServiceOptions {
  /** The process's name (`order-service`): the broker connection is named after it. */
  name: string;
  messaging: MessagingPluginOptions;
  /** Scheduled work in one replica (leases in the store); registered before messaging, which adds its retention job. */
  jobs?: boolean;
}

/**
 * What every service with a store and events registers first, in this order: its MongoDB, the jobs, the broker,
 * messaging (outbox relay, consumer), token checks with the user's roles, and the `user.access` stream that ends
 * tokens of deleted or demoted accounts on every replica.
 */
export async function registerEventService(
  app: ServiceApp,
  config: EventServiceConfig,
  opts: EventServiceOptions,
): Promise<void> {
  await app.register(mongoPlugin, { url: config.MONGO_URL, dbName: config.MONGO_DB });
  if (opts.jobs) await app.register(jobsPlugin);
  await app.register(brokerPlugin, { url: config.AMQP_URL, connectionName: opts.name });
  const retryDelaysMs =
    config.EVENT_RETRY_DELAYS_MS === undefined
      ? {}
      : { retryDelaysMs: listFrom(config.EVENT_RETRY_DELAYS_MS).map(Number) };
  await app.register(messagingPlugin, { ...retryDelaysMs, ...opts.messaging });
  await app.register(authPlugin, {
    jwksUrl: config.JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  followStream(app.broker, 'user.access', (event) => app.revokedAccess.applyEvent(event), app.log);
}
