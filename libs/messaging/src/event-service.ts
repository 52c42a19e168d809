import { authPlugin, type TokenVerifier } from '@shopwire/auth';
import { ConfigError, jobsPlugin, listFrom, mongoPlugin, type ServiceApp } from '@shopwire/service-kit';
import { brokerPlugin } from './broker.plugin';
import { messagingPlugin, type MessagingPluginOptions } from './messaging.plugin';
import { followStream } from './stream-follower';

/** The settings every event-driven service reads from its environment. */
export interface EventServiceConfig {
  MONGO_URL: string;
  MONGO_DB: string;
  AMQP_URL: string;
  /** Where the user-service's public keys are; needed unless the service checks tokens with its own `verifier`. */
  JWKS_URL?: string;
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
  /** Checks tokens with this instead of the keys at JWKS_URL (user-service holds the keys it signs with). */
  verifier?: TokenVerifier;
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
  if (opts.verifier) await app.register(authPlugin, { verifier: opts.verifier });
  else if (config.JWKS_URL)
    await app.register(authPlugin, {
      jwksUrl: config.JWKS_URL,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    });
  else throw new ConfigError(`Invalid configuration: ${opts.name} needs JWKS_URL to check tokens`);
  followStream(app.broker, 'user.access', (event) => app.revokedAccess.applyEvent(event), app.log);
}
