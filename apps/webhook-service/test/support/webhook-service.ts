import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { createEvent, type EventData, type EventEnvelope, type EventType } from '@shopwire/contracts';
import { queuesOf, type MessagingPluginOptions } from '@shopwire/messaging';
import { loadConfig, type ServiceApp } from '@shopwire/service-kit';
import {
  publishTestEvent,
  removeServiceData as removeTestServiceData,
  handledEventCount,
  serviceTestEnv,
  startTestIssuer,
  testEnv,
  unique,
  waitForReady,
  type OwnVhost,
  type TestIssuer,
} from '@shopwire/testing';
import { buildApp } from '../../src/app';
import { config } from '../../src/config';
import type { Resolve } from '../../src/adapters/partner-http/target-guard';
import type { Receiver } from './receiver';

export interface TestService {
  app: ServiceApp;
  consumerName: string;
  db: string;
  close(): Promise<void>;
}

export interface TestServiceOptions {
  env?: Record<string, string>;
  issuer: TestIssuer;
  resolve?: Resolve;
  messaging?: Partial<MessagingPluginOptions>;
  /** Replicas of one service share these: one database, one queue. */
  db?: string;
  consumerName?: string;
}

/** One webhook-service on the real store and broker, with queues and a database of its own and retries in fractions of a second. */
export async function startWebhookService(opts: TestServiceOptions): Promise<TestService> {
  const consumerName = opts.consumerName ?? unique('webhook-test');
  const db = opts.db ?? unique('webhooks-test');
  const env = serviceTestEnv(
    { db, jwksUrl: opts.issuer.jwksUrl },
    {
      WEBHOOK_RETRY_SCHEDULE_MS: '200,400,800',
      WEBHOOK_SWEEP_EVERY_MS: '100',
      WEBHOOK_ENDPOINTS_POLL_MS: '100',
      ...opts.env,
    },
  );
  const app = await buildApp(loadConfig(config, env), {
    messaging: { ...opts.messaging, service: consumerName },
    resolve: opts.resolve,
  });
  await app.ready();
  await waitForReady(app);
  return { app, consumerName, db, close: () => app.close() };
}

export interface WebhookSuite {
  issuer: TestIssuer;
  svc: TestService;
  /** A client with an admin's token. */
  admin: AdminClient;
  /** Stops the service, removes its queues and database, closes the receivers and the issuer. */
  close(): Promise<void>;
}

export interface WebhookSuiteOptions {
  /** The test's receivers: the service may deliver to them (WEBHOOK_ALLOWED_HOSTS); the suite closes them. */
  receivers: Receiver[];
  env?: Record<string, string>;
  /** A vhost of the test's own, for tests that count what is on the wire; the suite removes it last. */
  vhost?: OwnVhost;
  resolve?: Resolve;
}

/** A test file's issuer, webhook-service allowed to reach the given receivers, and an admin client. */
export async function startWebhookSuite(opts: WebhookSuiteOptions): Promise<WebhookSuite> {
  const issuer = await startTestIssuer();
  const amqpUrl = opts.vhost?.amqpUrl;
  const hosts = opts.receivers.map((receiver) => receiver.host).join(',');
  const env = { ...(amqpUrl ? { AMQP_URL: amqpUrl } : {}), WEBHOOK_ALLOWED_HOSTS: hosts, ...opts.env };
  const svc = await startWebhookService({ issuer, env, resolve: opts.resolve }).catch(async (error: unknown) => {
    await issuer.close();
    await opts.vhost?.remove();
    throw error;
  });
  const admin = await clientWith(svc.app, issuer, ['admin']);
  return {
    issuer,
    svc,
    admin,
    close: async () => {
      await svc.close();
      await removeServiceData(svc, amqpUrl);
      await Promise.all(opts.receivers.map((receiver) => receiver.close()));
      await issuer.close();
      await opts.vhost?.remove();
    },
  };
}

/**
 * Registers a test file's beforeAll (`setUp` starts what the suite is to own, such as its receivers, and returns the
 * options for startWebhookSuite; the suite is handed to `ready`) and afterAll (the suite's close).
 */
export function useWebhookSuite(setUp: () => Promise<WebhookSuiteOptions>, ready: (suite: WebhookSuite) => void): void {
  let suite: WebhookSuite | undefined;
  beforeAll(async () => {
    suite = await startWebhookSuite(await setUp());
    ready(suite);
  });
  afterAll(() => suite?.close());
}

export async function removeServiceData(svc: TestService, amqpUrl = testEnv.amqpUrl, tiers = 3): Promise<void> {
  await removeTestServiceData({ queues: queuesOf(svc.consumerName), tiers, db: svc.db, amqpUrl });
}

export async function publish<T extends EventType>(
  type: T,
  data: EventData<T>,
  url?: string,
): Promise<EventEnvelope<T>> {
  const event = createEvent(type, data, { source: 'test', correlationId: randomUUID() });
  await publishTestEvent(event, { url });
  return event;
}

/** The service's count of handled events of a type (duplicates included), from /metrics. */
export function consumedCount(app: ServiceApp, type: string): Promise<number> {
  return handledEventCount(app, type);
}

export interface AdminClient {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

/** Calls the app with a token of these roles. */
export async function clientWith(app: ServiceApp, issuer: TestIssuer, roles: string[]): Promise<AdminClient> {
  const token = await issuer.sign({ sub: randomUUID(), roles });
  const headers = { authorization: `Bearer ${token}` };
  return {
    get: (url) => app.inject({ method: 'GET', url, headers }),
    post: (url, body) =>
      app.inject({ method: 'POST', url, headers, ...(body === undefined ? {} : { payload: body as object }) }),
    patch: (url, body) => app.inject({ method: 'PATCH', url, headers, payload: body as object }),
    delete: (url) => app.inject({ method: 'DELETE', url, headers }),
  };
}

export function orderData(): { orderId: string; userId: string; total: { amount: number; currency: string } } {
  return { orderId: randomUUID(), userId: randomUUID(), total: { amount: 1299, currency: 'EUR' } };
}

/** order.confirmed as its producer writes it today (with what was bought). */
export function confirmedData(): EventData<'order.confirmed'> {
  return {
    ...orderData(),
    items: [{ productId: `p-${randomUUID()}`, quantity: 1, unitPrice: { amount: 1299, currency: 'EUR' } }],
  };
}

/** product.created / product.updated as their producer writes them today. */
export function productData(productId: string, sku: string, name: string): EventData<'product.created'> {
  return { productId, sku, name, price: { amount: 100, currency: 'EUR' }, active: true, category: 'kitchen' };
}
