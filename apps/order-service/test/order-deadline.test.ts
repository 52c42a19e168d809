import type { CollectedEvents } from '@shopwire/testing';
import { waitFor } from '@shopwire/testing';
import { Types } from 'mongoose';
import { orderRequest, startOrderService, type OrderServiceUnderTest } from './support/order-service';

const DEADLINE_MS = 1500;

describe('the saga deadline (ORDER_PENDING_DEADLINE_MS shortened to 1.5 s)', () => {
  let svc: OrderServiceUnderTest;
  let events: CollectedEvents;

  beforeAll(async () => {
    svc = await startOrderService({ env: { ORDER_PENDING_DEADLINE_MS: String(DEADLINE_MS) } });
    events = await svc.collectEvents(['order.*']);
  });
  afterAll(async () => {
    await events?.close();
    await svc?.close();
  });

  const rejectedEvents = (orderId: string) =>
    events.events.filter((e) => e.type === 'order.rejected' && (e.data as { orderId: string }).orderId === orderId);
  const deadlineOf = (orderId: string) =>
    svc.db.collection('order_deadlines').findOne({ _id: new Types.ObjectId(orderId) });

  it('when catalog never answers order.placed, then the order is rejected with reason timeout soon after the deadline and order.rejected tells the customer', async () => {
    const product = await svc.publishProduct();
    const { userId, token } = await svc.customer();
    const { statusCode, body: placed } = await svc.placeOrder(
      token,
      orderRequest([{ productId: product.productId, quantity: 1 }]),
    );
    expect(statusCode).toBe(202);
    expect(await deadlineOf(placed.id)).toMatchObject({ dueAt: expect.any(Date) });

    const rejected = await svc.waitForStatus(token, placed.id, 'rejected');

    expect(rejected.reason).toBe('timeout');
    expect(rejected.history).toEqual([
      expect.objectContaining({ status: 'pending' }),
      expect.objectContaining({ status: 'rejected', reason: 'timeout' }),
    ]);
    const waited = new Date(rejected.history[1]?.at ?? 0).getTime() - new Date(placed.createdAt).getTime();
    expect(waited).toBeGreaterThanOrEqual(DEADLINE_MS);
    expect(waited).toBeLessThan(DEADLINE_MS + 5000);
    expect(
      await events.waitFor((e) => e.type === 'order.rejected' && (e.data as { orderId: string }).orderId === placed.id),
    ).toMatchObject({ data: { userId, reason: 'timeout' } });
    await waitFor(async () => (await deadlineOf(placed.id)) === null, {
      timeoutMs: 10000,
      description: 'the deadline to be dropped',
    });
    expect(await svc.chargesOf(placed.id)).toBe(0);
    const metrics = (await svc.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/shopwire_job_lease_held\{job="order-deadlines",service="order-service"\} 1/);
    expect(metrics).toMatch(
      /shopwire_job_runs_total\{job="order-deadlines",outcome="ok",service="order-service"\} [1-9]/,
    );
  });

  it('when stock.reserved arrives after the timeout, then nothing is charged and the order stays rejected (its order.rejected released the stock)', async () => {
    const product = await svc.publishProduct();
    const { token } = await svc.customer();
    const { body: placed } = await svc.placeOrder(token, orderRequest([{ productId: product.productId, quantity: 2 }]));
    await svc.waitForStatus(token, placed.id, 'rejected');

    const late = await svc.reserveStock(placed.id, [{ productId: product.productId, quantity: 2 }]);
    await svc.waitForHandled(late.id);

    const { body: after } = await svc.getOrder(token, placed.id);
    expect([after.status, after.reason]).toEqual(['rejected', 'timeout']);
    expect(after.history.map((h) => h.status)).toEqual(['pending', 'rejected']);
    expect(await svc.chargesOf(placed.id)).toBe(0);
    expect(rejectedEvents(placed.id)).toHaveLength(1);
  });

  it('when the order is confirmed before its deadline, then the deadline changes nothing and is dropped', async () => {
    const product = await svc.publishProduct();
    const { token } = await svc.customer();
    const confirmed = await svc.confirmedOrder(token, [{ productId: product.productId, quantity: 1 }]);

    await waitFor(async () => (await deadlineOf(confirmed.id)) === null, {
      timeoutMs: 10000,
      description: 'the deadline to be dropped',
    });

    const { body: after } = await svc.getOrder(token, confirmed.id);
    expect(after.status).toBe('confirmed');
    expect(after.history.map((h) => h.status)).toEqual(['pending', 'confirmed']);
    expect(await svc.chargesOf(confirmed.id)).toBe(1);
  });

  it('when a charge attempt left no outcome and the deadline passes, then the order is rejected with timeout and the charge refunded', async () => {
    const product = await svc.publishProduct();
    const { token } = await svc.customer();
    const { body: placed } = await svc.placeOrder(token, orderRequest([{ productId: product.productId, quantity: 1 }]));
    // What a crash between the charge and its record leaves behind.
    await svc.db
      .collection('orders')
      .updateOne({ _id: new Types.ObjectId(placed.id) }, { $set: { 'payment.chargeAttemptedAt': new Date() } });

    const rejected = await svc.waitForStatus(token, placed.id, 'rejected');
    const refunded = await waitFor(
      async () => {
        const { body } = await svc.getOrder(token, placed.id);
        return body.payment.refund ? body : undefined;
      },
      { timeoutMs: 10000, description: 'the refund' },
    );

    expect(rejected.reason).toBe('timeout');
    expect(refunded.payment.charge?.amount).toEqual(placed.total);
    expect(refunded.payment.refund?.amount).toEqual(placed.total);
    expect(await svc.chargesOf(placed.id)).toBe(1);
  });
});
