import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { createEvent } from '@shopwire/contracts';
import {
  recordStoreCommands,
  waitFor,
  type CollectedEvents,
  type RecordedCommand,
  type StoreCommandLog,
  writesOf,
} from '@shopwire/testing';
import { orderModel } from '../src/models/order.model';
import { ensureOrderIndexes } from '../src/orders/order-indexes';
import { orderRequest, useOrderSuite, type OrderServiceUnderTest } from './support/order-service';

// Background work, not the work of one order: the relay's sweep of in-flight pointers, the deadline job and its lease.
const SWEEP = ['outbox_pointers', 'order_deadlines', 'job_leases'];

interface Step {
  name: string;
  commands: RecordedCommand[];
  offending: RecordedCommand[];
}

describe('order-service hot paths touch the store only by _id or by inserts', () => {
  let svc: OrderServiceUnderTest;
  let wire: CollectedEvents;
  let log: StoreCommandLog;
  let productId: string;
  let adminToken: string;

  // Declared first, so the recording stops before the suite's own afterAll closes the service.
  afterAll(() => log?.stop());
  useOrderSuite({ amount: 700, currency: 'EUR' }, async (suite) => {
    ({ svc, events: wire, productId, adminToken } = suite);
    // Warm-up: first-time collections, store detection and the start-up index build are not a request's work.
    const { token } = await svc.customer();
    const warmUp = await svc.placeOrder(token, orderRequest([{ productId, quantity: 1 }]));
    expect(warmUp.statusCode).toBe(202);
    await relayed(warmUp.body.id);
    await ensureOrderIndexes(orderModel(svc.app.mongo));
    log = recordStoreCommands(svc.app.mongo.getClient(), svc.db.databaseName);
  });

  const onWire = (type: string, orderId: string) =>
    wire.waitFor((e) => e.type === type && (e.data as { orderId?: string }).orderId === orderId);
  /** Every event the order's changes caused has left its outbox (seen through the test's own client). */
  const relayed = (orderId: string) =>
    waitFor(
      async () => {
        const _id = new Types.ObjectId(orderId);
        const order = await svc.db.collection('orders').findOne({ _id }, { projection: { outbox: 1 } });
        const pointers = await svc.db.collection('outbox_pointers').countDocuments({ doc: _id });
        return order !== null && (order.outbox as unknown[]).length === 0 && pointers === 0;
      },
      { timeoutMs: 20000, description: `order ${orderId} relayed` },
    );
  const act = (token: string, id: string, action: 'cancel' | 'ship' | 'deliver') =>
    svc.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${id}/${action}`,
      headers: { authorization: `Bearer ${token}` },
    });

  /** Runs `work` with the recorder cleared first, and keeps what it recorded. */
  async function step(steps: Step[], name: string, work: () => Promise<void>): Promise<void> {
    log.clear();
    await work();
    steps.push({ name, commands: [...log.commands], offending: log.offending({ exceptCollections: SWEEP }) });
  }
  const offendingOf = (steps: Step[]) => Object.fromEntries(steps.map((s) => [s.name, s.offending]));

  it('when an order is placed, confirmed by stock.reserved, read and cancelled (and refunded), then every store command is an insert or names one document by _id', async () => {
    const { token } = await svc.customer();
    const steps: Step[] = [];
    let orderId = '';

    await step(steps, 'POST /orders', async () => {
      const res = await svc.placeOrder(token, orderRequest([{ productId, quantity: 2 }]), randomUUID());
      expect(res.statusCode).toBe(202);
      orderId = res.body.id;
      await onWire('order.placed', orderId);
      await relayed(orderId);
    });
    await step(steps, 'stock.reserved', async () => {
      const reserved = await svc.reserveStock(orderId, [{ productId, quantity: 2 }]);
      await onWire('order.confirmed', orderId);
      await svc.waitForHandled(reserved.id);
      await relayed(orderId);
    });
    await step(steps, 'GET /orders/:id', async () => {
      expect((await svc.getOrder(token, orderId)).body.status).toBe('confirmed');
    });
    await step(steps, 'POST /orders/:id/cancel + order.cancelled (refund)', async () => {
      expect((await act(token, orderId, 'cancel')).statusCode).toBe(200);
      const cancelled = await onWire('order.cancelled', orderId);
      await svc.waitForHandled(cancelled.id);
      await relayed(orderId);
      expect((await svc.getOrder(token, orderId)).body.payment.refund).toBeDefined();
    });

    const writes = Object.fromEntries(steps.map((s) => [s.name, writesOf(s.commands)]));
    process.stdout.write(`order-service store writes per step of one order: ${JSON.stringify(writes)}\n`);
    expect(offendingOf(steps)).toEqual(Object.fromEntries(steps.map((s) => [s.name, []])));
    expect(steps.every((s) => s.commands.length > 0)).toBe(true);
  }, 90000);

  it('when the catalog copy changes, stock is rejected, an order is replayed, an order shipped and delivered, and a saved address ordered to, then every store command is an insert or names one document by _id', async () => {
    const { token } = await svc.customer();
    const steps: Step[] = [];
    const key = randomUUID();
    let product = '';
    let rejectedId = '';
    let shippedId = '';

    await step(steps, 'product.created twice (a new copy, then a change)', async () => {
      product = (await svc.publishProduct({ price: { amount: 300, currency: 'EUR' } })).productId;
      await svc.publishProduct({ productId: product, name: 'Espresso cup, blue' });
    });
    await step(steps, 'POST /orders twice with one key', async () => {
      const first = await svc.placeOrder(token, orderRequest([{ productId: product, quantity: 1 }]), key);
      const again = await svc.placeOrder(token, orderRequest([{ productId: product, quantity: 1 }]), key);
      expect([first.statusCode, again.statusCode, again.body.id]).toEqual([202, 202, first.body.id]);
      rejectedId = first.body.id;
      await relayed(rejectedId);
    });
    await step(steps, 'stock.rejected', async () => {
      const rejected = await svc.rejectStock(rejectedId, [product]);
      await onWire('order.rejected', rejectedId);
      await svc.waitForHandled(rejected.id);
      await relayed(rejectedId);
    });
    shippedId = (await svc.confirmedOrder(token, [{ productId, quantity: 1 }])).id;
    await relayed(shippedId);
    await step(steps, 'POST /orders/:id/ship + /deliver', async () => {
      expect((await act(adminToken, shippedId, 'ship')).statusCode).toBe(200);
      expect((await act(adminToken, shippedId, 'deliver')).statusCode).toBe(200);
      await onWire('order.delivered', shippedId);
      await relayed(shippedId);
    });
    await step(steps, 'user.addresses.changed twice, POST /orders with addressId, user.deleted', async () => {
      const { userId, token: own } = await svc.customer();
      const addressId = new Types.ObjectId().toHexString();
      const address = {
        id: addressId,
        name: 'Ada Lovelace',
        line1: '1 Analytical Way',
        city: 'London',
        postalCode: 'N1 9GU',
        country: 'GB',
      };
      await svc.publishAddressBook(userId, 1, [address]);
      await svc.publishAddressBook(userId, 2, [
        address,
        { ...address, id: new Types.ObjectId().toHexString(), label: 'work' },
      ]);
      const placed = await svc.placeOrder(own, {
        items: [{ productId, quantity: 1 }],
        addressId,
        payment: { method: 'card', token: 'tok_visa' },
      });
      expect([placed.statusCode, placed.body.addressId]).toEqual([202, addressId]);
      await relayed(placed.body.id);
      await svc.deleteUser(userId);
    });
    await step(steps, 'product.archived', async () => {
      const archived = createEvent(
        'product.archived',
        { productId: product },
        { source: 'catalog-service', correlationId: randomUUID() },
      );
      await svc.publishHandled(archived);
    });

    expect(offendingOf(steps)).toEqual(Object.fromEntries(steps.map((s) => [s.name, []])));
    expect(steps.every((s) => s.commands.length > 0)).toBe(true);
  }, 90000);
});
