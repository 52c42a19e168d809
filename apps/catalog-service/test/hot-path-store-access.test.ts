import { randomUUID } from 'node:crypto';
import { mongo } from 'mongoose';
import type { EventEnvelope } from '@shopwire/contracts';
import {
  collectEvents,
  publishTestEvent,
  recordStoreCommands,
  testEnv,
  waitFor,
  type CollectedEvents,
  type RecordedCommand,
  type StoreCommandLog,
  writesOf,
} from '@shopwire/testing';
import { bearer, catalogApi } from './support/catalog-api';
import { startCatalog, type CatalogTestApp } from './support/catalog-test-app';
import { orderEnded, orderPlaced, orderProgressed } from './support/order-events';

// Background work, not the work of one order: the relay's sweep of in-flight pointers, the expiry job and its lease.
const SWEEP = ['outbox_pointers', 'reservation_expiries', 'job_leases'];

interface Step {
  commands: RecordedCommand[];
  offending: RecordedCommand[];
}

describe('catalog hot paths touch the store only by _id or by inserts', () => {
  let catalog: CatalogTestApp;
  let api: ReturnType<typeof catalogApi>;
  let wire: CollectedEvents;
  let log: StoreCommandLog;
  // A connection of the test's own, so its checks are not among the recorded commands.
  let probe: mongo.MongoClient;
  let db: mongo.Db;
  let category: string;

  const send = (event: EventEnvelope) => publishTestEvent(event, { queue: catalog.queue });
  const stockEvent = (type: string, orderId: string) =>
    wire.waitFor((e) => e.type === type && (e.data as { orderId?: string }).orderId === orderId);
  const handled = (type: string) => catalog.eventCount('consumed', type);
  const pendingEvents = async (): Promise<number> => {
    const unpublished = (collection: string) =>
      db.collection(collection).countDocuments({ 'outbox.0': { $exists: true } });
    return (
      (await db.collection('outbox_pointers').countDocuments()) +
      (await unpublished('reservations')) +
      (await unpublished('products'))
    );
  };
  /** The handler finished (its inbox record written) and every event it caused has left the outbox. */
  const settled = async (type: string, count: number): Promise<void> => {
    await waitFor(async () => (await handled(type)) >= count, {
      timeoutMs: 20000,
      description: `${count} ${type} handled`,
    });
    await waitFor(async () => (await pendingEvents()) === 0, { timeoutMs: 20000, description: 'the outbox relayed' });
  };

  /** Records the commands of one step, from its start until it and the events it caused are done. */
  async function step(recorded: Map<string, Step>, name: string, act: () => Promise<void>): Promise<void> {
    await waitFor(async () => (await pendingEvents()) === 0, {
      timeoutMs: 20000,
      description: 'earlier events relayed',
    });
    log.clear();
    await act();
    recorded.set(name, { commands: [...log.commands], offending: log.offending({ exceptCollections: SWEEP }) });
  }

  /** Publishes an order event and waits until its handling is complete (and, if it answers, for the answer). */
  async function deliver(event: EventEnvelope, answer?: string): Promise<void> {
    const before = await handled(event.type);
    await send(event);
    if (answer) await stockEvent(answer, (event.data as { orderId: string }).orderId);
    await settled(event.type, before + 1);
  }

  async function orderFlow(
    productId: string,
    ending: 'order.cancelled' | 'order.shipped',
    recorded = new Map<string, Step>(),
  ): Promise<Map<string, Step>> {
    const orderId = randomUUID();
    await step(recorded, 'order.placed', () => deliver(orderPlaced(orderId, [[productId, 2]]), 'stock.reserved'));
    await step(recorded, 'order.confirmed', () => deliver(orderProgressed('order.confirmed', orderId)));
    if (ending === 'order.cancelled')
      await step(recorded, 'order.cancelled', () => deliver(orderEnded('order.cancelled', orderId), 'stock.released'));
    else await step(recorded, 'order.shipped', () => deliver(orderProgressed('order.shipped', orderId)));
    return recorded;
  }

  const offendingOf = (recorded: Map<string, Step>) =>
    Object.fromEntries([...recorded].map(([name, { offending }]) => [name, offending]));
  const noneOffending = (recorded: Map<string, Step>) =>
    Object.fromEntries([...recorded.keys()].map((name) => [name, []]));
  const report = (what: string, recorded: Map<string, Step>): void => {
    const writes = Object.fromEntries([...recorded].map(([name, { commands }]) => [name, writesOf(commands)]));
    process.stdout.write(`catalog store writes, ${what}: ${JSON.stringify(writes)}\n`);
  };

  beforeAll(async () => {
    catalog = await startCatalog();
    api = catalogApi(catalog.app, catalog.adminToken);
    wire = await collectEvents({ types: ['stock.*'] });
    probe = await new mongo.MongoClient(testEnv.mongoUrl).connect();
    db = probe.db(catalog.app.mongo.name);
    log = recordStoreCommands(catalog.app.mongo.getClient(), catalog.app.mongo.name);
    category = await api.createCategory();
    // Warm-up: connections, store detection and first-time collections are not the cost of an order.
    const { id } = await api.createProduct({ category, stock: { available: 10 } });
    await orderFlow(id, 'order.cancelled');
  });
  afterAll(async () => {
    log?.stop();
    await probe?.close();
    await wire?.close();
    await catalog?.close();
  });

  it('when an order is reserved, confirmed and cancelled and its product read, then every store command is an insert or names one document by _id', async () => {
    const { id: productId } = await api.createProduct({ category, stock: { available: 10 } });

    const recorded = await orderFlow(productId, 'order.cancelled');
    await step(recorded, 'GET /api/v1/products/:id', async () => {
      const res = await catalog.app.inject({ method: 'GET', url: `/api/v1/products/${productId}` });
      expect(res.json()).toMatchObject({ id: productId, stock: { available: 10, reserved: 0 } });
    });

    report('one order reserved, confirmed, cancelled', recorded);
    expect(offendingOf(recorded)).toEqual(noneOffending(recorded));
    expect([...recorded.values()].every(({ commands }) => commands.length > 0)).toBe(true);
  }, 90000);

  it('when an order is reserved, confirmed and shipped, then every store command is an insert or names one document by _id', async () => {
    const { id: productId } = await api.createProduct({ category, stock: { available: 10 } });

    const recorded = await orderFlow(productId, 'order.shipped');

    report('one order reserved, confirmed, shipped', recorded);
    expect(offendingOf(recorded)).toEqual(noneOffending(recorded));
    expect((await db.collection('products').findOne({ _id: new mongo.ObjectId(productId) }))?.stock).toEqual({
      available: 8,
      reserved: 0,
      sold: 2,
    });
  }, 90000);

  it('when an order is rejected because one of its lines is short, then every store command is an insert or names one document by _id', async () => {
    const { id: plenty } = await api.createProduct({ category, stock: { available: 10 } });
    const { id: scarce } = await api.createProduct({ category, stock: { available: 1 } });
    const orderId = randomUUID();
    const recorded = new Map<string, Step>();

    await step(recorded, 'order.placed (rejected)', () =>
      deliver(
        orderPlaced(orderId, [
          [plenty, 2],
          [scarce, 2],
        ]),
        'stock.rejected',
      ),
    );

    report('one order rejected', recorded);
    expect(offendingOf(recorded)).toEqual(noneOffending(recorded));
  }, 90000);

  it('when an admin changes, restocks and archives one product, then every store command is an insert or names one document by _id', async () => {
    const { id: productId, version } = await api.createProduct({ category, stock: { available: 10 } });
    const admin = bearer(catalog.adminToken);
    const recorded = new Map<string, Step>();
    const request = async (
      method: 'PATCH' | 'PUT' | 'DELETE',
      url: string,
      payload: object | undefined,
      status: number,
      headers: Record<string, string> = {},
    ) => {
      const res = await catalog.app.inject({ method, url, payload, headers: { ...admin, ...headers } });
      expect(res.statusCode).toBe(status);
      await waitFor(async () => (await pendingEvents()) === 0, { timeoutMs: 20000, description: 'the outbox relayed' });
    };

    await step(recorded, 'PATCH', () =>
      request('PATCH', `/api/v1/products/${productId}`, { name: 'Renamed' }, 200, { 'if-match': `"${version}"` }),
    );
    await step(recorded, 'PUT stock', () =>
      request('PUT', `/api/v1/products/${productId}/stock`, { available: 3 }, 200),
    );
    await step(recorded, 'DELETE', () => request('DELETE', `/api/v1/products/${productId}`, undefined, 204));

    report('admin writes of one product', recorded);
    expect(offendingOf(recorded)).toEqual(noneOffending(recorded));
  }, 90000);
});
