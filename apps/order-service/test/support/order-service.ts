import { randomUUID } from 'node:crypto';
import { mongo } from 'mongoose';
import { createEvent, type EventData, type EventEnvelope } from '@shopwire/contracts';
import { loadConfig, type ServiceApp } from '@shopwire/service-kit';
import {
  collectEvents,
  createOwnVhost,
  publishTestEvent,
  startTestIssuer,
  testEnv,
  unique,
  waitFor,
  waitForReady,
  type CollectedEvents,
  type TestIssuer,
} from '@shopwire/testing';
import { buildApp } from '../../src/app';
import { config } from '../../src/config';

const RETRY_DELAYS_MS = [200, 400];

export interface Money {
  amount: number;
  currency: string;
}

export interface OrderBody {
  id: string;
  userId: string;
  status: string;
  reason?: string;
  items: Array<{ productId: string; quantity: number; unitPrice: Money; lineTotal: Money; name: string; sku: string }>;
  total: Money;
  shippingAddress?: Record<string, string>;
  addressId?: string;
  payment: {
    method: string;
    charge?: { id: string; amount: Money };
    refund?: { id: string; amount: Money };
    declinedAt?: string;
  };
  history: Array<{ status: string; at: string; reason?: string }>;
  createdAt: string;
}

/** An order-service built from app.ts on the real store and broker, with a database and a RabbitMQ vhost of its own. */
export interface OrderServiceUnderTest {
  app: ServiceApp;
  /** The service's database seen through a client of the test's own, so a test's reads are not among the service's commands. */
  db: mongo.Db;
  issuer: TestIssuer;
  /** Listens to events on this service's broker (a vhost of its own). */
  collectEvents(types: string[]): Promise<CollectedEvents>;
  /** A token for a new customer (or the given user id). */
  customer(userId?: string): Promise<{ userId: string; token: string }>;
  admin(): Promise<string>;
  /** Publishes an event on this service's broker and waits for the broker's confirm. */
  publish(event: EventEnvelope): Promise<void>;
  /** Publishes each event in turn and waits until the consumer has handled it before the next. */
  publishHandled(...events: EventEnvelope[]): Promise<void>;
  /** Plays catalog-service: a product.created event, awaited until order-service has copied it. */
  publishProduct(overrides?: Partial<EventData<'product.created'>>): Promise<EventData<'product.created'>>;
  /** Plays user-service: the user's whole address book at a revision, awaited until order-service has handled it. */
  publishAddressBook(
    userId: string,
    revision: number,
    addresses: EventData<'user.addresses.changed'>['addresses'],
  ): Promise<EventEnvelope>;
  /** Plays user-service: the user is deleted, awaited until order-service has handled it. */
  deleteUser(userId: string): Promise<EventEnvelope>;
  /** Plays catalog-service answering an order.placed. */
  reserveStock(orderId: string, items: Array<{ productId: string; quantity: number }>): Promise<EventEnvelope>;
  rejectStock(orderId: string, unavailable: string[]): Promise<EventEnvelope>;
  placeOrder(token: string, body: unknown, key?: string): Promise<{ statusCode: number; body: OrderBody }>;
  getOrder(token: string, id: string): Promise<{ statusCode: number; body: OrderBody }>;
  waitForStatus(token: string, id: string, status: string): Promise<OrderBody>;
  /** Places an order paid with `paymentToken` and plays catalog reserving its stock, until the order has `status`. */
  reservedOrder(
    token: string,
    items: Array<{ productId: string; quantity: number }>,
    paymentToken: string,
    status: string,
  ): Promise<OrderBody>;
  /** Places an order and plays catalog reserving its stock, until it is confirmed. */
  confirmedOrder(token: string, items: Array<{ productId: string; quantity: number }>): Promise<OrderBody>;
  /** Waits until the consumer has handled (and acked) these events: the messaging lib records each handled id. */
  waitForHandled(...eventIds: string[]): Promise<void>;
  /** Charges the test provider made for an order, whatever their idempotency key (its ledger, in the store). */
  chargesOf(orderId: string): Promise<number>;
  close(): Promise<void>;
}

export function orderRequest(
  items: Array<{ productId: string; quantity: number }>,
  token = 'tok_visa',
): Record<string, unknown> {
  return {
    items,
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: '1 Analytical Way',
      city: 'London',
      postalCode: 'N1 9GU',
      country: 'GB',
    },
    payment: { method: 'card', token },
  };
}

function userEvent<T extends 'user.addresses.changed' | 'user.deleted'>(type: T, data: EventData<T>): EventEnvelope<T> {
  return createEvent(type, data, { source: 'user-service', correlationId: randomUUID() });
}

function catalogEvent<T extends 'product.created' | 'stock.reserved' | 'stock.rejected'>(
  type: T,
  data: EventData<T>,
): EventEnvelope<T> {
  return createEvent(type, data, { source: 'catalog-service', correlationId: randomUUID() });
}

/**
 * `amqpUrl`: a broker of the test's own (one it may stop) instead of a vhost of its own on the shared one; `env`:
 * variables on top of the test's (e.g. a short ORDER_PENDING_DEADLINE_MS).
 */
export async function startOrderService(
  opts: { amqpUrl?: string; env?: Record<string, string> } = {},
): Promise<OrderServiceUnderTest> {
  // A vhost of its own: on the shared one, other tests' catalogs answer this test's order.placed.
  const [issuer, vhost] = await Promise.all([startTestIssuer(), opts.amqpUrl ? undefined : createOwnVhost()]);
  const amqpUrl = opts.amqpUrl ?? (vhost?.amqpUrl as string);
  const env = {
    MONGO_URL: testEnv.mongoUrl,
    AMQP_URL: amqpUrl,
    MONGO_DB: unique('orders'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JWKS_URL: issuer.jwksUrl,
    PAYMENT_PROVIDER: 'test',
    ...opts.env,
  };
  const app = await buildApp(loadConfig(config, env), {
    messaging: { retryDelaysMs: RETRY_DELAYS_MS, outbox: { sweepIntervalMs: 500 } },
  });
  // Every event the consumer handled and acked (its handlers keep no inbox record of their own).
  const handled = new Set<string>();
  app.messaging.onHandled((eventId) => void handled.add(eventId));
  await waitForReady(app);
  const client = await new mongo.MongoClient(testEnv.mongoUrl).connect();
  const db = client.db(env.MONGO_DB);
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  const self: OrderServiceUnderTest = {
    app,
    db,
    issuer,
    collectEvents: (types) => collectEvents({ url: amqpUrl, types }),
    publish: (event) => publishTestEvent(event, { url: amqpUrl }),
    async customer(userId = unique('user')) {
      return { userId, token: await issuer.sign({ sub: userId, roles: ['customer'] }) };
    },
    admin: () => issuer.sign({ sub: unique('admin'), roles: ['admin'] }),
    async publishProduct(overrides = {}) {
      const data = {
        productId: unique('prod'),
        sku: unique('SKU'),
        name: 'Espresso cup',
        price: { amount: 1250, currency: 'EUR' },
        active: true,
        category: 'cups',
        ...overrides,
      };
      await self.publish(catalogEvent('product.created', data));
      await waitFor(
        () => db.collection('catalog_products').findOne({ _id: data.productId as never, name: data.name }),
        { timeoutMs: 20000, description: `product ${data.productId} copied` },
      );
      return data;
    },
    async publishAddressBook(userId, revision, addresses) {
      const event = userEvent('user.addresses.changed', { userId, revision, addresses });
      await self.publish(event);
      await self.waitForHandled(event.id);
      return event;
    },
    async deleteUser(userId) {
      const event = userEvent('user.deleted', { userId });
      await self.publish(event);
      await self.waitForHandled(event.id);
      return event;
    },
    async publishHandled(...events) {
      for (const event of events) {
        await self.publish(event);
        await self.waitForHandled(event.id);
      }
    },
    async reserveStock(orderId, items) {
      const event = catalogEvent('stock.reserved', { orderId, items });
      await self.publish(event);
      return event;
    },
    async rejectStock(orderId, unavailable) {
      const event = catalogEvent('stock.rejected', { orderId, reason: 'insufficient stock', unavailable });
      await self.publish(event);
      return event;
    },
    async placeOrder(token, body, key = randomUUID()) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: { ...auth(token), 'idempotency-key': key },
        payload: body as object,
      });
      return { statusCode: res.statusCode, body: res.json() };
    },
    async getOrder(token, id) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/orders/${id}`, headers: auth(token) });
      return { statusCode: res.statusCode, body: res.json() };
    },
    waitForStatus(token, id, status) {
      return waitFor(
        async () => {
          const { body } = await self.getOrder(token, id);
          return body.status === status ? body : undefined;
        },
        { timeoutMs: 20000, description: `order ${id} to be ${status}` },
      );
    },
    async reservedOrder(token, items, paymentToken, status) {
      const { statusCode, body } = await self.placeOrder(token, orderRequest(items, paymentToken));
      if (statusCode !== 202) throw new Error(`placing an order answered ${statusCode}: ${JSON.stringify(body)}`);
      await self.reserveStock(body.id, items);
      return self.waitForStatus(token, body.id, status);
    },
    confirmedOrder: (token, items) => self.reservedOrder(token, items, 'tok_visa', 'confirmed'),
    async waitForHandled(...eventIds) {
      await waitFor(async () => eventIds.every((id) => handled.has(id)), {
        timeoutMs: 20000,
        description: `events ${eventIds.join(', ')} to be handled`,
      });
    },
    chargesOf: (orderId) => db.collection('test_payments').countDocuments({ kind: 'charge', reference: orderId }),
    async close() {
      // The service stops first: FerretDB's SQLite backend can corrupt a database dropped under live writes.
      await app.close();
      await db.dropDatabase().catch(() => undefined);
      await client.close();
      await issuer.close();
      await vhost?.remove();
    },
  };
  return self;
}

/** An order-service (as startOrderService) and the token of one customer on it, for a suite ordering as them. */
export async function startOrderServiceWithCustomer(): Promise<{ svc: OrderServiceUnderTest; token: string }> {
  const svc = await startOrderService();
  return { svc, token: (await svc.customer()).token };
}

/** An order-service with the test's collector of order events, one product it sells and an admin's token. */
export interface OrderSuite {
  svc: OrderServiceUnderTest;
  /** The order.* events the service publishes. */
  events: CollectedEvents;
  productId: string;
  adminToken: string;
}

/**
 * Registers the suite's beforeAll (the service, its order.* events, a product at `price` and an admin; the suite is
 * handed to `ready`, which may warm the service up) and afterAll (the collector closed, then the service).
 */
export function useOrderSuite(price: Money, ready: (suite: OrderSuite) => unknown): void {
  let svc: OrderServiceUnderTest | undefined;
  let events: CollectedEvents | undefined;
  beforeAll(async () => {
    svc = await startOrderService();
    events = await svc.collectEvents(['order.*']);
    const productId = (await svc.publishProduct({ price })).productId;
    await ready({ svc, events, productId, adminToken: await svc.admin() });
  });
  afterAll(async () => {
    await events?.close();
    await svc?.close();
  });
}
