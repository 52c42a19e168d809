import { randomUUID } from 'node:crypto';
import type { CollectedEvents } from '@shopwire/testing';
import { orderRequest, startOrderService, type OrderServiceUnderTest } from './support/order-service';

describe('the order saga (catalog played by its events)', () => {
  let svc: OrderServiceUnderTest;
  let events: CollectedEvents;

  beforeAll(async () => {
    svc = await startOrderService();
    events = await svc.collectEvents(['order.*']);
  });
  afterAll(async () => {
    await events?.close();
    await svc?.close();
  });

  const forOrder = (type: string, orderId: string) =>
    events.waitFor((e) => e.type === type && (e.data as { orderId: string }).orderId === orderId);

  it('when stock is reserved and the card approved, then the order is confirmed, charged once and order.confirmed (version 2, with the lines) emitted', async () => {
    const product = await svc.publishProduct({ price: { amount: 1250, currency: 'EUR' } });
    const { userId, token } = await svc.customer();
    const requestId = `req-${randomUUID()}`;

    const res = await svc.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID(), 'x-request-id': requestId },
      payload: orderRequest([{ productId: product.productId, quantity: 2 }]),
    });
    expect(res.statusCode).toBe(202);
    const placed = res.json();
    expect(placed).toMatchObject({
      status: 'pending',
      userId,
      total: { amount: 2500, currency: 'EUR' },
      items: [{ productId: product.productId, quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } }],
    });
    expect(res.headers.location).toBe(`/api/v1/orders/${placed.id}`);

    const placedEvent = await forOrder('order.placed', placed.id);
    expect(placedEvent).toMatchObject({
      source: 'order-service',
      correlationId: requestId,
      data: {
        orderId: placed.id,
        userId,
        items: [{ productId: product.productId, quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } }],
        total: { amount: 2500, currency: 'EUR' },
      },
    });

    const reserved = await svc.reserveStock(placed.id, [{ productId: product.productId, quantity: 2 }]);
    const confirmed = await svc.waitForStatus(token, placed.id, 'confirmed');

    expect(confirmed.payment.charge).toMatchObject({ amount: { amount: 2500, currency: 'EUR' } });
    expect(confirmed.history.map((h) => h.status)).toEqual(['pending', 'confirmed']);
    expect(await svc.chargesOf(placed.id)).toBe(1);
    expect(await forOrder('order.confirmed', placed.id)).toMatchObject({
      causationId: reserved.id,
      correlationId: reserved.correlationId,
      version: 2,
      data: {
        userId,
        total: { amount: 2500, currency: 'EUR' },
        items: [{ productId: product.productId, quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } }],
      },
    });
  });

  it('when stock is rejected, then the order is rejected as out_of_stock and nothing is charged', async () => {
    const product = await svc.publishProduct();
    const { token } = await svc.customer();
    const { body: placed } = await svc.placeOrder(token, orderRequest([{ productId: product.productId, quantity: 3 }]));

    await svc.rejectStock(placed.id, [product.productId]);
    const rejected = await svc.waitForStatus(token, placed.id, 'rejected');

    expect(rejected.reason).toBe('out_of_stock');
    expect(rejected.history).toEqual([
      expect.objectContaining({ status: 'pending' }),
      expect.objectContaining({ status: 'rejected', reason: 'out_of_stock' }),
    ]);
    expect(rejected.payment.charge).toBeUndefined();
    expect(await svc.chargesOf(placed.id)).toBe(0);
    expect(await forOrder('order.rejected', placed.id)).toMatchObject({ data: { reason: 'out_of_stock' } });
  });

  it('when the card is declined (tok_decline…), then the order is rejected as payment_declined, uncharged', async () => {
    const product = await svc.publishProduct();
    const { token } = await svc.customer();

    const rejected = await svc.reservedOrder(
      token,
      [{ productId: product.productId, quantity: 1 }],
      'tok_decline_insufficient_funds',
      'rejected',
    );

    expect(rejected.reason).toBe('payment_declined');
    expect(rejected.payment.declinedAt).toEqual(expect.any(String));
    expect(await svc.chargesOf(rejected.id)).toBe(0);
    expect(await forOrder('order.rejected', rejected.id)).toMatchObject({
      data: { orderId: rejected.id, reason: 'payment_declined' },
    });
  });

  it('when the provider fails (not a decline), then the charge is retried and the order confirmed with one charge', async () => {
    const product = await svc.publishProduct();
    const { token } = await svc.customer();

    const confirmed = await svc.reservedOrder(
      token,
      [{ productId: product.productId, quantity: 1 }],
      'tok_error_once',
      'confirmed',
    );

    expect(confirmed.history.map((h) => h.status)).toEqual(['pending', 'confirmed']);
    expect(
      await svc.db
        .collection('test_payments')
        .countDocuments({ kind: 'outage', _id: `outage:${confirmed.id}` as never }),
    ).toBe(1);
    expect(await svc.chargesOf(confirmed.id)).toBe(1);
  });

  it('when stock.reserved comes again and a stale stock.rejected follows, then the order stays confirmed and is charged once', async () => {
    const product = await svc.publishProduct();
    const { token } = await svc.customer();
    const placed = await svc.confirmedOrder(token, [{ productId: product.productId, quantity: 1 }]);

    const again = await svc.reserveStock(placed.id, [{ productId: product.productId, quantity: 1 }]);
    const stale = await svc.rejectStock(placed.id, [product.productId]);
    await svc.waitForHandled(again.id, stale.id);

    const { body: after } = await svc.getOrder(token, placed.id);
    expect(after.status).toBe('confirmed');
    expect(after.history.map((h) => h.status)).toEqual(['pending', 'confirmed']);
    expect(await svc.chargesOf(placed.id)).toBe(1);
  });

  it('when stock.reserved for the same orders is handled several times at once, then each order is confirmed once and charged once', async () => {
    const product = await svc.publishProduct();
    const { token } = await svc.customer();
    const orders = await Promise.all(
      Array.from({ length: 4 }, () =>
        svc.placeOrder(token, orderRequest([{ productId: product.productId, quantity: 1 }])),
      ),
    );
    const ids = orders.map((o) => o.body.id);

    await Promise.all(
      ids.flatMap((id) => [1, 2, 3].map(() => svc.reserveStock(id, [{ productId: product.productId, quantity: 1 }]))),
    );
    const confirmed = await Promise.all(ids.map((id) => svc.waitForStatus(token, id, 'confirmed')));

    for (const order of confirmed) expect(order.history.map((h) => h.status)).toEqual(['pending', 'confirmed']);
    expect(await Promise.all(ids.map((id) => svc.chargesOf(id)))).toEqual([1, 1, 1, 1]);
  });
});
