import { randomUUID } from 'node:crypto';
import { orderRequest, startOrderService, type OrderServiceUnderTest } from './support/order-service';

describe('placing an order', () => {
  let svc: OrderServiceUnderTest;
  let productId: string;
  let token: string;

  beforeAll(async () => {
    svc = await startOrderService();
    productId = (await svc.publishProduct({ price: { amount: 990, currency: 'EUR' } })).productId;
    token = (await svc.customer()).token;
  });
  afterAll(() => svc?.close());

  // key null: no Idempotency-Key header at all.
  const post = (body: unknown, key: string | null = randomUUID(), bearer = token) =>
    svc.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { authorization: `Bearer ${bearer}`, ...(key === null ? {} : { 'idempotency-key': key }) },
      payload: body as object,
    });
  const ordersOf = (userId: string) => svc.db.collection('orders').countDocuments({ userId });

  describe('idempotency', () => {
    it('when the same Idempotency-Key and body are sent twice, then one order exists and both answers carry it', async () => {
      const { userId, token: own } = await svc.customer();
      const key = randomUUID();
      const body = orderRequest([{ productId, quantity: 1 }]);

      const first = await post(body, key, own);
      const second = await post(body, key, own);

      expect(first.statusCode).toBe(202);
      expect(second.statusCode).toBe(202);
      expect(second.json().id).toBe(first.json().id);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(await ordersOf(userId)).toBe(1);
    });

    it('when requests with the same key and body race, then one order exists and every answer carries it', async () => {
      const { userId, token: own } = await svc.customer();
      const key = randomUUID();
      const body = orderRequest([{ productId, quantity: 2 }]);

      const answers = await Promise.all(Array.from({ length: 6 }, () => post(body, key, own)));

      expect(answers.map((a) => a.statusCode)).toEqual(Array(6).fill(202));
      expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
      expect(await ordersOf(userId)).toBe(1);
    });

    it('when racing duplicates go through the saga, then the order is charged once', async () => {
      const { token: own } = await svc.customer();
      const key = randomUUID();
      const body = orderRequest([{ productId, quantity: 1 }]);
      const [a] = await Promise.all([post(body, key, own), post(body, key, own)]);
      const orderId = a.json().id as string;

      await svc.reserveStock(orderId, [{ productId, quantity: 1 }]);
      await svc.waitForStatus(own, orderId, 'confirmed');
      await post(body, key, own);

      expect(await svc.chargesOf(orderId)).toBe(1);
    });

    it('when the same key comes with another body, then 422 IDEMPOTENCY_KEY_REUSED and no second order', async () => {
      const { userId, token: own } = await svc.customer();
      const key = randomUUID();
      await post(orderRequest([{ productId, quantity: 1 }]), key, own);

      const res = await post(orderRequest([{ productId, quantity: 5 }]), key, own);

      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
      expect(await ordersOf(userId)).toBe(1);
    });

    it('when two users send the same key, then each gets an order of their own', async () => {
      const key = randomUUID();
      const body = orderRequest([{ productId, quantity: 1 }]);
      const one = await svc.customer();
      const two = await svc.customer();

      const [a, b] = [await post(body, key, one.token), await post(body, key, two.token)];

      expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
      expect(a.json().id).not.toBe(b.json().id);
    });

    it('when the Idempotency-Key header is missing, then 400 and no order', async () => {
      const { userId, token: own } = await svc.customer();
      const res = await post(orderRequest([{ productId, quantity: 1 }]), null, own);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await ordersOf(userId)).toBe(0);
    });
  });

  describe('validation (4xx problem+json, never 5xx)', () => {
    it.each([
      ['quantity 0', 0],
      ['quantity 101', 101],
      ['quantity 1.5', 1.5],
      ['quantity "2" (a string is not coerced)', '2'],
      ['a negative quantity', -1],
      ['quantity null', null],
    ])('when the body has %s, then 400 VALIDATION_FAILED naming the field', async (_name, quantity) => {
      const res = await post(orderRequest([{ productId, quantity: quantity as number }]));
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: expect.arrayContaining([expect.objectContaining({ field: 'body/items/0/quantity' })]),
      });
    });

    it.each([
      ['no lines', []],
      ['51 lines', Array.from({ length: 51 }, (_, i) => ({ productId: `p${i}`, quantity: 1 }))],
    ])('when the order has %s, then 400 VALIDATION_FAILED', async (_name, items) => {
      const res = await post(orderRequest(items));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [expect.objectContaining({ field: 'body/items' })],
      });
    });

    it.each([
      ['an unknown field', { ...orderRequest([{ productId: 'x', quantity: 1 }]), coupon: 'FREE' }],
      [
        'an operator instead of a product id',
        orderRequest([{ productId: { $gt: '' } as unknown as string, quantity: 1 }]),
      ],
      [
        'both a shipping address and an addressId',
        { ...orderRequest([{ productId: 'x', quantity: 1 }]), addressId: 'addr1' },
      ],
      [
        'neither a shipping address nor an addressId',
        { items: [{ productId: 'x', quantity: 1 }], payment: { method: 'card', token: 'tok_visa' } },
      ],
      [
        'a payment method other than card',
        { ...orderRequest([{ productId: 'x', quantity: 1 }]), payment: { method: 'cash', token: 'tok_visa' } },
      ],
    ])('when the body has %s, then 400', async (_name, body) => {
      const res = await post(body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    });

    it('when the body is not JSON, then 400 MALFORMED_JSON', async () => {
      const res = await svc.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: {
          authorization: `Bearer ${token}`,
          'idempotency-key': randomUUID(),
          'content-type': 'application/json',
        },
        payload: '{"items": [',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'MALFORMED_JSON' });
    });

    it('when no token is sent, then 401', async () => {
      const res = await svc.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: { 'idempotency-key': randomUUID() },
        payload: orderRequest([{ productId, quantity: 1 }]),
      });
      expect(res.statusCode).toBe(401);
    });
  });

  describe('products', () => {
    it('when a product is unknown, then 422 PRODUCT_UNAVAILABLE naming it, and no order', async () => {
      const { userId, token: own } = await svc.customer();
      const res = await post(
        orderRequest([
          { productId, quantity: 1 },
          { productId: 'no-such-product', quantity: 1 },
        ]),
        randomUUID(),
        own,
      );
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'PRODUCT_UNAVAILABLE' });
      expect(res.json().detail).toContain('no-such-product');
      expect(await ordersOf(userId)).toBe(0);
    });

    it('when a product is listed on two lines, then 422 DUPLICATE_ORDER_LINE', async () => {
      const res = await post(
        orderRequest([
          { productId, quantity: 1 },
          { productId, quantity: 2 },
        ]),
      );
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'DUPLICATE_ORDER_LINE' });
    });

    it('when lines are priced in two currencies, then 422 MIXED_CURRENCIES', async () => {
      const dollars = await svc.publishProduct({ price: { amount: 500, currency: 'USD' } });
      const res = await post(
        orderRequest([
          { productId, quantity: 1 },
          { productId: dollars.productId, quantity: 1 },
        ]),
      );
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'MIXED_CURRENCIES' });
    });

    it('when an order is answered, then the payment token is nowhere in it', async () => {
      const res = await post(orderRequest([{ productId, quantity: 1 }], 'tok_secret_visa_4242'));
      expect(res.statusCode).toBe(202);
      expect(res.body).not.toContain('tok_secret_visa_4242');
      expect(res.json()).toMatchObject({ total: { amount: 990, currency: 'EUR' }, payment: { method: 'card' } });
    });
  });
});
