import { loadConfig, type ServiceApp } from '@shopwire/service-kit';
import { collectEvents, testEnv, unique, waitForReady, type CollectedEvents } from '@shopwire/testing';
import type { JWK } from 'jose';
import { buildService } from '../../src/app';
import { config, type UserServiceConfig } from '../../src/config';
import type { UserServiceDeps } from '../../src/deps';
import { generatePrivateJwk } from '../../src/keys/signing-keys';

export interface TestUserService {
  app: ServiceApp;
  /** What the app's routes were given: its models and store. */
  deps: UserServiceDeps;
  config: UserServiceConfig;
  /** The private key the service signs with, so a test can forge what only the service should sign. */
  signingKey: JWK;
  close(): Promise<void>;
}

/** user-service on the real store and broker, in a database of its own that is dropped afterwards. */
export async function startUserService(env: Record<string, string> = {}): Promise<TestUserService> {
  const signingKey = await generatePrivateJwk();
  const cfg = loadConfig(config, {
    MONGO_URL: testEnv.mongoUrl,
    AMQP_URL: testEnv.amqpUrl,
    MONGO_DB: unique('users'),
    LOG_LEVEL: 'silent',
    JWT_PRIVATE_KEYS: JSON.stringify([signingKey]),
    ...env,
  });
  const { app, deps } = await buildService(cfg);
  await waitForReady(app);
  return {
    app,
    deps,
    config: cfg,
    signingKey,
    async close() {
      await app.mongo.dropDatabase().catch(() => undefined);
      await app.close();
    },
  };
}

/**
 * Registers the suite's beforeAll (a collector of the service's events of `eventTypes`, then the service; both handed
 * to `ready`, which may prepare more) and afterAll (the service closed, then the collector).
 */
export function useUserService(
  eventTypes: string[],
  ready: (service: TestUserService, events: CollectedEvents) => unknown,
): void {
  let service: TestUserService | undefined;
  let events: CollectedEvents | undefined;
  beforeAll(async () => {
    events = await collectEvents({ types: eventTypes });
    service = await startUserService();
    await ready(service, events);
  });
  afterAll(async () => {
    await service?.close();
    await events?.close();
  });
}

export interface Account {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export const json = (body: unknown) => ({
  headers: { 'content-type': 'application/json' },
  payload: JSON.stringify(body),
});
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** POST /auth/login with these credentials (or whatever a test puts in their place). */
export const postLogin = (app: ServiceApp, credentials: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', ...json(credentials) });
/** POST /auth/refresh with this refresh token. */
export const postRefresh = (app: ServiceApp, refreshToken: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/refresh', ...json({ refreshToken }) });
/** POST /auth/logout with this refresh token. */
export const postLogout = (app: ServiceApp, refreshToken: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/logout', ...json({ refreshToken }) });

/** A fresh customer, registered and logged in. */
export async function newAccount(app: ServiceApp, name = 'Test Customer'): Promise<Account> {
  const email = `${unique('customer')}@example.com`;
  const password = 'correct-horse-battery';
  const registered = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    ...json({ email, password, name }),
  });
  if (registered.statusCode !== 201) throw new Error(`register answered ${registered.statusCode}: ${registered.body}`);
  const tokens = await postLogin(app, { email, password });
  if (tokens.statusCode !== 200) throw new Error(`login answered ${tokens.statusCode}: ${tokens.body}`);
  return { id: registered.json().id, email, password, ...tokens.json() };
}
