import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import type { LightMyRequestResponse } from 'fastify';
import { createEventOfVersion, type EventDataOf, type EventEnvelope, type EventType } from '@shopwire/contracts';
import { queuesOf, type MessagingPluginOptions } from '@shopwire/messaging';
import { loadConfig, type ServiceApp } from '@shopwire/service-kit';
import {
  eventMetricCount,
  handledEventCount,
  publishTestEvent,
  removeServiceData as removeTestServiceData,
  serviceTestEnv,
  testEnv,
  unique,
  waitFor,
  waitForReady,
  type SmtpSink,
  type TestIssuer,
} from '@shopwire/testing';
import { buildService } from '../../src/app';
import { config } from '../../src/config';
import type { NotificationServiceDeps } from '../../src/deps';
import type { Models } from '../../src/models';

export interface TestServiceOptions {
  issuer: TestIssuer;
  /** Emails go to this SMTP server (MAIL_TRANSPORT=smtp); without one, to .eml files (MAIL_TRANSPORT=file). */
  sink?: SmtpSink;
  env?: Record<string, string>;
  /** Instances given the same consumer name and database share the work queue, like replicas. */
  shared?: { consumerName: string; db: string };
  /** Messaging options on top of the test's own queue name (e.g. a short retention of processed events). */
  messaging?: Partial<MessagingPluginOptions>;
}

export interface TestService {
  app: ServiceApp;
  baseUrl: string;
  consumerName: string;
  db: string;
  models: Models;
  /** What the app's routes and consumers were given. */
  deps: NotificationServiceDeps;
  close(): Promise<void>;
}

/** One notification-service instance on the real store and broker, listening on a free port. */
export async function startNotificationService(opts: TestServiceOptions): Promise<TestService> {
  const consumerName = opts.shared?.consumerName ?? unique('notification-test');
  const db = opts.shared?.db ?? unique('notifications-test');
  const env = serviceTestEnv(
    { db, jwksUrl: opts.issuer.jwksUrl },
    {
      ...(opts.sink ? { MAIL_TRANSPORT: 'smtp', SMTP_URL: opts.sink.url } : { MAIL_TRANSPORT: 'file' }),
      ...opts.env,
    },
  );
  const { app, deps } = await buildService(loadConfig(config, env), {
    messaging: { ...opts.messaging, service: consumerName },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  await waitForReady(app);
  const { port } = app.server.address() as { port: number };
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    consumerName,
    db,
    models: deps.models,
    deps,
    close: () => app.close(),
  };
}

/** Removes what a test service left on the shared broker and store: its queues and its database. */
export async function removeServiceData(
  consumerName: string,
  db: string,
  tiers = 3,
  amqpUrl = testEnv.amqpUrl,
): Promise<void> {
  await removeTestServiceData({ queues: queuesOf(consumerName), tiers, db, amqpUrl });
}

export async function deadLetterCount(consumerName: string): Promise<number> {
  const connection = await amqp.connect(testEnv.amqpUrl);
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createChannel();
    return (await channel.checkQueue(queuesOf(consumerName).dlq)).messageCount;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** Publishes version 1 of an event (every later version only adds fields) on the shared broker, or the given one, and returns it. */
export async function publish<T extends EventType>(
  type: T,
  data: EventDataOf<T, 1>,
  url?: string,
): Promise<EventEnvelope<T>> {
  const event = createEventOfVersion(type, 1, data, { source: 'test', correlationId: randomUUID() });
  await publishTestEvent(event, { url });
  return event;
}

/** The service's own count of events of a type it handled (or recognised as duplicates), from /metrics. */
export function metric(
  app: ServiceApp,
  name: 'consumed' | 'duplicate' | 'retried' | 'dead_lettered',
  type: string,
): Promise<number> {
  return eventMetricCount(app, [name], type);
}

export function waitForMetric(
  app: ServiceApp,
  name: Parameters<typeof metric>[1],
  type: string,
  atLeast: number,
): Promise<true> {
  return waitFor(async () => (await metric(app, name, type)) >= atLeast, {
    timeoutMs: 20000,
    description: `${name} ${type} to reach ${atLeast}`,
  });
}

/** Runs `act` and waits until the service's count `name` of events of `type` is one more than before it; returns what `act` returned. */
export async function handledOnce<T>(
  app: ServiceApp,
  name: Parameters<typeof metric>[1],
  type: string,
  act: () => Promise<T>,
): Promise<T> {
  const before = await metric(app, name, type);
  const result = await act();
  await waitForMetric(app, name, type, before + 1);
  return result;
}

/** Waits until the service has handled events of `type` (first deliveries and duplicates together) `times` times. */
export function waitForHandled(app: ServiceApp, type: string, times: number): Promise<true> {
  return waitFor(async () => (await handledEventCount(app, type)) >= times, {
    description: `${type} handled ${times} times`,
  });
}

export function newUser(): { userId: string; email: string; name: string } {
  const userId = randomUUID();
  return { userId, email: `${userId.slice(0, 8)}@example.test`, name: 'Ada Lovelace' };
}

/** A new user whose user.registered was published and whose welcome email has reached the sink. */
export async function registeredUser(sink: SmtpSink): Promise<ReturnType<typeof newUser>> {
  const user = newUser();
  await publish('user.registered', user);
  await sink.waitForMail(user.email);
  return user;
}

export interface UserClient {
  userId: string;
  token: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body: unknown): Promise<LightMyRequestResponse>;
}

/** Calls the app as one signed-in user. */
export async function clientFor(app: ServiceApp, issuer: TestIssuer, userId: string): Promise<UserClient> {
  const token = await issuer.sign({ sub: userId });
  const headers = { authorization: `Bearer ${token}` };
  return {
    userId,
    token,
    get: (url) => app.inject({ method: 'GET', url, headers }),
    post: (url, body) =>
      app.inject({ method: 'POST', url, headers, ...(body === undefined ? {} : { payload: body as object }) }),
    put: (url, body) => app.inject({ method: 'PUT', url, headers, payload: body as object }),
  };
}
