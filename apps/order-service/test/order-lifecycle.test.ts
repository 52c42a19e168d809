import { randomUUID } from 'node:crypto';
import { waitFor, type CollectedEvents } from '@shopwire/testing';
import { orderRequest, useOrderSuite, type OrderBody, type OrderServiceUnderTest } from './support/order-service';

describe('after placing: cancel, ship, deliver, and who sees what', () => {
  let svc: OrderServiceUnderTest;
  let events: CollectedEvents;
  let productId: string;
  let adminToken: string;
  useOrderSuite({ amount: 400, currency: 'EUR' }, (suite) => ({ svc, events, productId, adminToken } = suite));

  const act = (token: string, id: string, action: 'cancel' | 'ship' | 'deliver') =>
    svc.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${id}/${action}`,
      headers: { authorization: `Bearer ${token}` },
    });
  const list = (token: string, query = '') =>
    svc.app.inject({ method: 'GET', url: `/api/v1/orders${query}`, headers: { authorization: `Bearer ${token}` } });
  const forOrder = (type: string, orderId: string) =>
    events.waitFor((e) => e.type === type && (e.data as { orderId: string }).orderId === orderId);

  describe('cancelling', () => {
    it('when a confirmed order is cancelled by its owner, then it is cancelled, order.cancelled is emitted and the charge refunded once', async () => {
      const { token } = await svc.customer();
      const order = await svc.confirmedOrder(token, [{ productId, quantity: 3 }]);

      const res = await act(token, order.id, 'cancel');

      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'cancelled', reason: 'cancelled_by_customer' });
      expect(await forOrder('order.cancelled', order.id)).toMatchObject({
        data: { orderId: order.id, reason: 'cancelled_by_customer' },
      });
      const refunded = await waitFor(
        async () => {
          const { body } = await svc.getOrder(token, order.id);
          return body.payment.refund ? body : undefined;
        },
        { timeoutMs: 20000, description: 'the refund to be recorded' },
      );
      expect(refunded.payment.refund).toMatchObject({ amount: { amount: 1200, currency: 'EUR' } });
      expect(refunded.history.map((h) => h.status)).toEqual(['pending', 'confirmed', 'cancelled']);
      expect(
        await svc.db.collection('test_payments').countDocuments({ kind: 'refund', chargeId: order.payment.charge?.id }),
      ).toBe(1);
    });

    it('when a pending order is cancelled and its stock reserved afterwards, then it stays cancelled and is never charged', async () => {
      const { token } = await svc.customer();
      const { body: placed } = await svc.placeOrder(token, orderRequest([{ productId, quantity: 1 }]));

      const res = await act(token, placed.id, 'cancel');
      const late = await svc.reserveStock(placed.id, [{ productId, quantity: 1 }]);
      await svc.waitForHandled(late.id);

      expect(res.json()).toMatchObject({ status: 'cancelled' });
      expect((await svc.getOrder(token, placed.id)).body).toMatchObject({
        status: 'cancelled',
        payment: { method: 'card' },
      });
      expect(await svc.chargesOf(placed.id)).toBe(0);
    });

    it('when an admin cancels a customer order, then it is cancelled with the admin reason', async () => {
      const { token } = await svc.customer();
      const { body: placed } = await svc.placeOrder(token, orderRequest([{ productId, quantity: 1 }]));
      const res = await act(adminToken, placed.id, 'cancel');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'cancelled', reason: 'cancelled_by_admin' });
    });

    it('when a shipped order is cancelled, then 409 ORDER_NOT_CANCELLABLE and it stays shipped', async () => {
      const { token } = await svc.customer();
      const order = await svc.confirmedOrder(token, [{ productId, quantity: 1 }]);
      expect((await act(adminToken, order.id, 'ship')).statusCode).toBe(200);

      const res = await act(token, order.id, 'cancel');

      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'ORDER_NOT_CANCELLABLE', status: 409 });
      expect((await svc.getOrder(token, order.id)).body.status).toBe('shipped');
    });

    it('when a cancelled order is cancelled again, then 409', async () => {
      const { token } = await svc.customer();
      const { body: placed } = await svc.placeOrder(token, orderRequest([{ productId, quantity: 1 }]));
      await act(token, placed.id, 'cancel');
      expect((await act(token, placed.id, 'cancel')).statusCode).toBe(409);
    });
  });

  describe('shipping and delivery', () => {
    it('when an admin ships and then delivers a confirmed order, then the history records both and the events are emitted', async () => {
      const { token } = await svc.customer();
      const order = await svc.confirmedOrder(token, [{ productId, quantity: 2 }]);

      const shipped = await act(adminToken, order.id, 'ship');
      const delivered = await act(adminToken, order.id, 'deliver');

      expect([shipped.statusCode, delivered.statusCode]).toEqual([200, 200]);
      expect((delivered.json() as OrderBody).history.map((h) => h.status)).toEqual([
        'pending',
        'confirmed',
        'shipped',
        'delivered',
      ]);
      expect(await forOrder('order.shipped', order.id)).toMatchObject({
        data: { total: { amount: 800, currency: 'EUR' } },
      });
      expect(await forOrder('order.delivered', order.id)).toMatchObject({ data: { userId: order.userId } });
    });

    it('when a customer calls ship, then 403 and the order is unchanged', async () => {
      const { token } = await svc.customer();
      const order = await svc.confirmedOrder(token, [{ productId, quantity: 1 }]);
      const res = await act(token, order.id, 'ship');
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'FORBIDDEN' });
      expect((await svc.getOrder(token, order.id)).body.status).toBe('confirmed');
    });

    it.each([
      ['ship a pending order', 'pending', 'ship'],
      ['deliver a confirmed order', 'confirmed', 'deliver'],
    ] as const)('when an admin tries to %s, then 409 INVALID_STATUS_TRANSITION', async (_name, state, action) => {
      const { token } = await svc.customer();
      const order =
        state === 'pending'
          ? (await svc.placeOrder(token, orderRequest([{ productId, quantity: 1 }]))).body
          : await svc.confirmedOrder(token, [{ productId, quantity: 1 }]);
      const res = await act(adminToken, order.id, action);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'INVALID_STATUS_TRANSITION' });
    });
  });

  describe('ownership and reading', () => {
    it("when a customer reads or cancels another user's order, then 404 exactly like a missing order", async () => {
      const owner = await svc.customer();
      const other = await svc.customer();
      const { body: placed } = await svc.placeOrder(owner.token, orderRequest([{ productId, quantity: 1 }]));

      const read = await svc.getOrder(other.token, placed.id);
      const cancel = await act(other.token, placed.id, 'cancel');
      const missing = await svc.getOrder(other.token, '0123456789abcdef01234567');

      expect([read.statusCode, cancel.statusCode, missing.statusCode]).toEqual([404, 404, 404]);
      const strip = (b: { traceId?: string; detail?: string }) => ({ ...b, traceId: undefined, detail: undefined });
      expect(strip(read.body as never)).toEqual(strip(missing.body as never));
      expect((await svc.getOrder(owner.token, placed.id)).body.status).toBe('pending');
    });

    it.each(['not-an-id', '123', 'zzzzzzzzzzzzzzzzzzzzzzzz', '%24gt', 'a'.repeat(64)])(
      'when the order id is malformed (%s), then 404 problem+json',
      async (id) => {
        const { token } = await svc.customer();
        for (const res of [
          await svc.app.inject({
            method: 'GET',
            url: `/api/v1/orders/${id}`,
            headers: { authorization: `Bearer ${token}` },
          }),
          await act(token, id, 'cancel'),
        ]) {
          expect(res.statusCode).toBe(404);
          expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
          expect(res.json()).toMatchObject({ code: 'ORDER_NOT_FOUND' });
        }
      },
    );

    it('when a customer lists orders, then only their own come, newest first, a page at a time', async () => {
      const { userId, token } = await svc.customer();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++)
        ids.push((await svc.placeOrder(token, orderRequest([{ productId, quantity: i + 1 }]))).body.id);
      await svc.placeOrder((await svc.customer()).token, orderRequest([{ productId, quantity: 1 }]));

      const first = (await list(token, '?limit=2')).json();
      const second = (await list(token, `?limit=2&cursor=${first.nextCursor}`)).json();
      const third = (await list(token, `?limit=2&cursor=${second.nextCursor}`)).json();

      const seen = [...first.items, ...second.items, ...third.items].map((o: OrderBody) => o.id);
      expect(seen).toEqual([...ids].reverse());
      expect(third.nextCursor).toBeNull();
      expect([...first.items, ...second.items, ...third.items].every((o: OrderBody) => o.userId === userId)).toBe(true);
    });

    it("when a customer asks for another user's list, then 403; an admin gets that user's orders", async () => {
      const owner = await svc.customer();
      const other = await svc.customer();
      const { body: placed } = await svc.placeOrder(owner.token, orderRequest([{ productId, quantity: 1 }]));

      expect((await list(other.token, `?userId=${owner.userId}`)).statusCode).toBe(403);
      const asAdmin = (await list(adminToken, `?userId=${owner.userId}`)).json();
      expect(asAdmin.items.map((o: OrderBody) => o.id)).toEqual([placed.id]);
      expect((await svc.getOrder(adminToken, placed.id)).statusCode).toBe(200);
    });

    it('when the cursor was not made by the service, then 400 INVALID_CURSOR', async () => {
      const { token } = await svc.customer();
      const res = await list(token, `?cursor=${randomUUID()}`);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'INVALID_CURSOR' });
    });
  });
});
