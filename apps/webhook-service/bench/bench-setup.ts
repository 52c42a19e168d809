import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { ConfirmChannel } from 'amqplib';
import mongoose from 'mongoose';
import { createEvent, EVENTS_EXCHANGE, type EventEnvelope } from '@shopwire/contracts';
import {
  createOwnVhost,
  freePort,
  startOwnFerret,
  startTestIssuer,
  testEnv,
  unique,
  type OwnFerret,
  type OwnVhost,
  type TestIssuer,
} from '@shopwire/testing';

/** What both webhook benches run against: a store, a vhost, a token issuer and a partner answering 204 at once. */
export interface BenchSetup {
  mongoUrl: string;
  db: string;
  vhost: OwnVhost;
  issuer: TestIssuer;
  /** host:port of the receiver, for WEBHOOK_ALLOWED_HOSTS. */
  host: string;
  /** When each webhook-id first arrived (performance.now()). */
  arrived: Map<string, number>;
  ownStore?: OwnFerret;
  /** Removes everything, the bench's database included. */
  close(): Promise<void>;
}

/** `--own-store`: a fresh FerretDB of its own, as `npm run bench` gives it, instead of MONGO_URL's store. */
export async function benchSetup(dbPrefix: string): Promise<BenchSetup> {
  const ownStore = process.argv.includes('--own-store') ? await startOwnFerret(await freePort()) : undefined;
  const mongoUrl = ownStore?.url ?? testEnv.mongoUrl;
  const [vhost, issuer] = await Promise.all([createOwnVhost(), startTestIssuer()]);
  const arrived = new Map<string, number>();
  // The partner verifies nothing, so the figures are webhook-service's (consume, store, sign, send, record).
  const receiver: Server = createServer((req, res) => {
    const id = String(req.headers['webhook-id']);
    req.resume();
    req.on('end', () => {
      if (!arrived.has(id)) arrived.set(id, performance.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const db = unique(dbPrefix);
  return {
    mongoUrl,
    db,
    vhost,
    issuer,
    host: `127.0.0.1:${(receiver.address() as { port: number }).port}`,
    arrived,
    ownStore,
    async close() {
      receiver.closeAllConnections();
      receiver.close();
      await issuer.close();
      await vhost.remove();
      const store = await mongoose.createConnection(mongoUrl, { dbName: db }).asPromise();
      await store.dropDatabase().catch(() => undefined);
      await store.close();
      await ownStore?.stop();
    },
  };
}

/** Runs a bench's main and prints its error alone, for bench/src/main.ts to show. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}

/** An order.confirmed as its producer writes it today, and a way to publish it on the bench's vhost. */
export function benchEvent(): EventEnvelope<'order.confirmed'> {
  const money = { amount: 1299, currency: 'EUR' };
  return createEvent(
    'order.confirmed',
    {
      orderId: randomUUID(),
      userId: randomUUID(),
      total: money,
      items: [{ productId: randomUUID(), quantity: 1, unitPrice: money }],
    },
    { source: 'bench', correlationId: randomUUID() },
  );
}

export function publishOn(channel: ConfirmChannel, event: EventEnvelope): void {
  channel.publish(EVENTS_EXCHANGE, event.type, Buffer.from(JSON.stringify(event)), {
    persistent: true,
    messageId: event.id,
    type: event.type,
    contentType: 'application/json',
  });
}
