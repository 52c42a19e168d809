import { Schema, type Model } from 'mongoose';
import { createServer, mongoPlugin, type ServiceApp } from '@shopwire/service-kit';
import type { EventType } from '@shopwire/contracts';
import { deleteServiceQueues, dropTestDatabase, testEnv, unique } from '@shopwire/testing';
import {
  brokerPlugin,
  messagingPlugin,
  queuesOf,
  withOutbox,
  type EventHandlers,
  type MessagingPluginOptions,
  type OutboxFields,
} from '../../src';

export interface AccountDoc extends OutboxFields {
  _id: string;
  email: string;
}

export interface TestService {
  app: ServiceApp;
  service: string;
  db: string;
  Account: Model<AccountDoc>;
  /** Drops the queues and database the test created. */
  cleanUp(): Promise<void>;
}

export interface TestServiceOptions extends Partial<MessagingPluginOptions> {
  handlers?: EventHandlers;
  relay?: boolean;
  amqpUrl?: string;
  db?: string;
  logLevel?: string;
  logStream?: { write(line: string): void };
}

/** A minimal service with one aggregate (accounts) that writes events to its outbox, on the real broker and store. */
export async function startTestService(opts: TestServiceOptions = {}): Promise<TestService> {
  const service = opts.service ?? unique('msgtest');
  const db = opts.db ?? unique('msgtest');
  const amqpUrl = opts.amqpUrl ?? testEnv.amqpUrl;
  const app = createServer({
    service: `${service}-service`,
    logLevel: opts.logLevel ?? (opts.logStream ? 'info' : 'silent'),
    logStream: opts.logStream,
  });
  await app.register(mongoPlugin, { url: testEnv.mongoUrl, dbName: db });
  await app.register(brokerPlugin, { url: amqpUrl, connectionName: `${service}-test` });
  await app.register(messagingPlugin, {
    service,
    role: opts.role,
    // A test service of no role takes what its handlers cover.
    subscription: opts.role ? undefined : (Object.keys(opts.handlers ?? {}) as EventType[]),
    retryDelaysMs: opts.retryDelaysMs ?? [200, 500],
    retryJitter: opts.retryJitter,
    prefetch: opts.prefetch,
    outbox: { sweepIntervalMs: 500, staleAfterMs: 1000, abandonAfterMs: 2000, ...opts.outbox },
  });
  const schema = new Schema<AccountDoc>({ _id: String, email: String });
  withOutbox(schema);
  const Account = app.mongo.model<AccountDoc>('Account', schema, 'accounts');
  if (opts.relay !== false) app.messaging.relayOutbox(Account);
  try {
    if (opts.handlers) app.messaging.consume(opts.handlers);
    await app.ready();
  } catch (error) {
    await app.close();
    await dropTestDatabase(db);
    throw error;
  }
  return {
    app,
    service,
    db,
    Account,
    async cleanUp() {
      await deleteServiceQueues(queuesOf(service), opts.retryDelaysMs?.length ?? 2, amqpUrl).catch(() => undefined);
      await dropTestDatabase(db);
    },
  };
}
