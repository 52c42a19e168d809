import { createLocalTokenVerifier } from '@shopwire/auth';
import { registerEventService, type MessagingPluginOptions } from '@shopwire/messaging';
import { ConfigError, createServer, listFrom, openApiPlugin, type ServiceApp } from '@shopwire/service-kit';
import type { DestinationStream } from 'pino';
import { sessionRetention } from './auth/session-retention';
import type { UserServiceConfig } from './config';
import { buildDeps, type UserServiceDeps } from './deps';
import { loadSigningKeys } from './keys/signing-keys';
import { authRoutes } from './routes/auth/auth.routes';
import { jwksRoutes } from './routes/jwks/jwks.routes';
import { adminRoutes } from './routes/users/admin.routes';
import { meRoutes } from './routes/users/me.routes';
import { addAccountSetup } from './users/account-setup';

export interface BuildOptions {
  logStream?: DestinationStream;
  /** Tests give each app queues of its own. */
  messaging?: Partial<MessagingPluginOptions>;
}

/** The app and the dependencies its routes and start-up work were given (tests reach the store through them). */
export interface UserService {
  app: ServiceApp;
  deps: UserServiceDeps;
}

export async function buildService(config: UserServiceConfig, opts: BuildOptions = {}): Promise<UserService> {
  if (Boolean(config.ADMIN_EMAIL) !== Boolean(config.ADMIN_PASSWORD)) {
    throw new ConfigError('Invalid configuration: ADMIN_EMAIL and ADMIN_PASSWORD are set together or not at all');
  }
  const keys = await loadSigningKeys(config);
  const app = createServer({
    service: 'user-service',
    logLevel: config.LOG_LEVEL,
    logStream: opts.logStream,
    trustProxy: listFrom(config.TRUST_PROXY),
  });
  await registerEventService(app, config, {
    name: 'user-service',
    jobs: true,
    messaging: { service: 'user', ...opts.messaging },
    // This service verifies its own tokens with the keys it holds, never over HTTP; a deleted account's or a demoted
    // admin's token is refused here as everywhere (the user.access stream).
    verifier: createLocalTokenVerifier({
      keys: keys.publicSet,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    }),
  });
  const deps = buildDeps({ config, keys, mongo: app.mongo, store: app.store, log: app.log });
  app.addHook('onClose', async () => deps.redis?.disconnect());
  app.messaging.relayOutbox(deps.models.users);
  app.jobs.add(sessionRetention(deps.models.sessions, { everyMs: config.RETENTION_EVERY_MS, log: app.log }));
  await app.register(openApiPlugin, {
    title: 'Shopwire user-service',
    description: 'Accounts, logins, tokens and delivery addresses. Errors are application/problem+json.',
  });
  await app.register(authRoutes, { deps, gatewaySecret: config.GATEWAY_SECRET });
  await app.register(meRoutes, { deps });
  await app.register(adminRoutes, { deps });
  await app.register(jwksRoutes, { deps });
  addAccountSetup(
    app,
    deps,
    config.ADMIN_EMAIL && config.ADMIN_PASSWORD
      ? { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD }
      : undefined,
  );
  return { app, deps };
}

export async function buildApp(config: UserServiceConfig, opts: BuildOptions = {}): Promise<ServiceApp> {
  return (await buildService(config, opts)).app;
}
