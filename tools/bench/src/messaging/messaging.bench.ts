import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import amqp from 'amqplib';
import mongoose, { Schema } from 'mongoose';
import { createEvent, type EventEnvelope, type EventType } from '@shopwire/contracts';
import { createServer, mongoPlugin, type AnyModel, type ServiceApp } from '@shopwire/service-kit';
import {
  brokerPlugin,
  EventPublisher,
  messagingPlugin,
  queuesOf,
  withOutbox,
  type EventHandlers,
  type OutboxFields,
} from '@shopwire/messaging';

export interface MessagingBenchOptions {
  amqpUrl: string;
  mongoUrl: string;
  brokerEvents?: number;
  outboxEvents?: number;
  latencyRate?: number;
  latencySeconds?: number;
}

export interface MessagingBenchResult {
  machine: { cores: number; node: string; date: string };
  brokerEventsPerSecond: number;
  outboxEventsPerSecond: number;
  latency: { rate: number; events: number; p50Ms: number; p99Ms: number; maxMs: number };
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function sampleEvent(i: number, meta = { source: 'bench', correlationId: 'bench' }): EventEnvelope<'user.registered'> {
  return createEvent('user.registered', { userId: `u${i}`, email: `u${i}@example.com`, name: 'Bench' }, meta);
}

/** Publisher (confirms, window) → a plain consumer acking each message: the broker path alone. */
async function brokerThroughput(amqpUrl: string, count: number): Promise<number> {
  const connection = await amqp.connect(amqpUrl);
  const queue = `bench.${randomUUID()}`;
  const setup = await connection.createChannel();
  await setup.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  const publisher = new EventPublisher({ logger: silent });
  await publisher.attach(connection);
  const consumer = await connection.createChannel();
  await consumer.prefetch(500);
  let received = 0;
  const done = new Promise<void>((resolve) => {
    void consumer.consume(queue, (msg) => {
      if (!msg) return;
      consumer.ack(msg);
      if (++received === count) resolve();
    });
  });
  const body = Buffer.from(JSON.stringify(sampleEvent(0)));
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, (_, i) => publisher.publish('', queue, body, { messageId: `m${i}` })),
  );
  await done;
  const seconds = (performance.now() - started) / 1000;
  await setup.deleteQueue(queue);
  await connection.close();
  return count / seconds;
}

async function benchService(
  opts: MessagingBenchOptions,
  handlers: EventHandlers,
  relay: boolean,
): Promise<{ app: ServiceApp; service: string; db: string; model: AnyModel }> {
  const service = `bench-${randomUUID().slice(0, 8)}`;
  const db = service;
  const app = createServer({ service: `${service}-service`, logLevel: 'warn' });
  await app.register(mongoPlugin, { url: opts.mongoUrl, dbName: db });
  await app.register(brokerPlugin, { url: opts.amqpUrl, connectionName: service });
  await app.register(messagingPlugin, { service, prefetch: 100, subscription: Object.keys(handlers) as EventType[] });
  const schema = new Schema<{ _id: string } & OutboxFields>({ _id: String });
  withOutbox(schema);
  const model = app.mongo.model('BenchDoc', schema, 'docs');
  if (relay) app.messaging.relayOutbox(model);
  app.messaging.consume(handlers);
  await app.ready();
  while (!app.broker.isConnected) await delay(50);
  return { app, service, db, model };
}

// The service stops (relay and consumer done) before its database goes: FerretDB's SQLite backend can corrupt a
// database that is dropped while writes to it are still arriving.
async function tearDown(app: ServiceApp, service: string, opts: MessagingBenchOptions): Promise<void> {
  await app.close();
  const store = await mongoose.createConnection(opts.mongoUrl, { dbName: service }).asPromise();
  await store.dropDatabase().catch(() => undefined);
  await store.close();
  const connection = await amqp.connect(opts.amqpUrl);
  const channel = await connection.createChannel();
  const q = queuesOf(service);
  for (const name of [q.main, q.dlq, q.retry(1), q.retry(2), q.retry(3)]) await channel.deleteQueue(name);
  await connection.close();
}

/** Writes documents with one event each through the store, 100 side by side, relays them, and handles them with the idempotent consumer. */
async function outboxThroughput(opts: MessagingBenchOptions, count: number): Promise<number> {
  let handled = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const { app, service, model } = await benchService(
    opts,
    { 'user.registered': async () => void (++handled === count && resolveDone()) },
    true,
  );
  const started = performance.now();
  for (let i = 0; i < count; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, count - i) }, (_, j) =>
        app.store.insert(model, { _id: `d${i + j}`, outbox: [sampleEvent(i + j)] }),
      ),
    );
  }
  await done;
  const seconds = (performance.now() - started) / 1000;
  await tearDown(app, service, opts);
  return count / seconds;
}

/** Publishes at a fixed rate straight to the service queue and measures publish → handler start. */
async function latencyAtRate(
  opts: MessagingBenchOptions,
  rate: number,
  seconds: number,
): Promise<MessagingBenchResult['latency']> {
  const total = rate * seconds;
  const latencies: number[] = [];
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const sentAt = new Map<string, number>();
  const { app, service } = await benchService(
    opts,
    {
      'user.registered': async (event) => {
        latencies.push(performance.now() - (sentAt.get(event.id) ?? NaN));
        if (latencies.length === total) resolveDone();
      },
    },
    false,
  );
  const connection = await amqp.connect(opts.amqpUrl);
  const publisher = new EventPublisher({ logger: silent });
  await publisher.attach(connection);
  const queue = queuesOf(service).main;
  const started = performance.now();
  const pending: Array<Promise<unknown>> = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await delay(wait);
    const event = sampleEvent(i);
    sentAt.set(event.id, performance.now());
    pending.push(
      publisher.publish('', queue, Buffer.from(JSON.stringify(event)), { messageId: event.id, type: event.type }),
    );
  }
  await Promise.all(pending);
  await done;
  await connection.close();
  await tearDown(app, service, opts);
  const sorted = latencies.sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 10) / 10;
  return {
    rate,
    events: total,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1] ?? NaN),
  };
}

export async function runMessagingBench(
  opts: MessagingBenchOptions,
  progress: (line: string) => void = () => undefined,
): Promise<MessagingBenchResult> {
  const brokerEvents = opts.brokerEvents ?? 20000;
  const outboxEvents = opts.outboxEvents ?? 1000;
  const rate = opts.latencyRate ?? 200;
  progress(`broker path: ${brokerEvents} events`);
  const brokerEventsPerSecond = Math.round(await brokerThroughput(opts.amqpUrl, brokerEvents));
  progress(`outbox path: ${outboxEvents} events`);
  const outboxEventsPerSecond = Math.round(await outboxThroughput(opts, outboxEvents));
  progress(`latency at ${rate}/s`);
  const latency = await latencyAtRate(opts, rate, opts.latencySeconds ?? 5);
  return {
    machine: { cores: cpus().length, node: process.version, date: new Date().toISOString() },
    brokerEventsPerSecond,
    outboxEventsPerSecond,
    latency,
  };
}
