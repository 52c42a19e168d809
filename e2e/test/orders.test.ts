import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import {
  createOwnVhost,
  sampleAddress,
  testEnv,
  unique,
  waitFor,
  waitForReady,
  type OwnVhost,
  startSystem,
  type RunningSystem,
  type ServiceName,
} from '@shopwire/testing';
import { gatewayApi, type Answer } from './gateway-api';
import { stopSystemAndDropData } from './system-data';

interface Order {
  id: string;
  status: string;
  reason?: string;
  shippingAddress?: Record<string, string>;
  addressId?: string;
  payment: { charge?: { id: string }; refund?: { id: string } };
}

const FINAL = ['confirmed', 'rejected', 'cancelled'];
const SHIPPING_ADDRESS = {
  name: 'Ada Lovelace',
  line1: '12 St James Square',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  country: 'GB',
};
const ADMIN = { email: `${unique('admin')}@example.com`, password: 'admin-horse-9-battery' };

describe('orders through the gateway, with the real catalog', () => {
  let system: RunningSystem;
  const { api, login } = gatewayApi(() => system.gatewayUrl);
  let vhost: OwnVhost;
  let store: mongoose.Connection;
  let admin: string;
  let category: string;

  beforeAll(async () => {
    // A vhost of its own: services of other test runs on the shared one would take this run's events.
    vhost = await createOwnVhost();
    system = await startSystem({
      AMQP_URL: vhost.amqpUrl,
      MONGO_URL: testEnv.mongoUrl,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    });
    store = await mongoose.createConnection(testEnv.mongoUrl).asPromise();
    admin = (
      await waitFor(() => login(ADMIN.email, ADMIN.password), { timeoutMs: 20000, description: 'the admin account' })
    ).accessToken;
    category = unique('cups').toLowerCase();
    expect((await api('POST', '/api/v1/categories', admin, { slug: category, name: 'Cups' })).status).toBe(201);
  });
  afterAll(async () => {
    await stopSystemAndDropData(system, store);
    await vhost?.remove();
  });

  /** A customer registered and logged in through the gateway. */
  async function customer(): Promise<{ id: string; token: string }> {
    const email = `${unique('buyer')}@example.com`;
    const registered = await api<{ id: string }>('POST', '/api/v1/auth/register', undefined, {
      email,
      password: 'correct-horse-9',
      name: 'Order Tester',
    });
    expect(registered.status).toBe(201);
    const session = await login(email, 'correct-horse-9');
    if (!session) throw new Error(`${email} could not log in`);
    return { id: registered.body.id, token: session.accessToken };
  }

  async function createProduct(available: number, amount = 1500): Promise<string> {
    const res = await api<{ id: string }>('POST', '/api/v1/products', admin, {
      sku: unique('MUG'),
      name: 'Stoneware mug',
      category,
      price: { amount, currency: 'EUR' },
      stock: { available },
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function stockOf(productId: string): Promise<{ available: number; reserved: number }> {
    return (await api<{ stock: { available: number; reserved: number } }>('GET', `/api/v1/products/${productId}`)).body
      .stock;
  }

  const waitForStock = (productId: string, expected: { available: number; reserved: number }) =>
    waitFor(
      async () => {
        const stock = await stockOf(productId);
        return stock.available === expected.available && stock.reserved === expected.reserved ? stock : undefined;
      },
      { timeoutMs: 30000, description: `stock of ${productId} to be ${JSON.stringify(expected)}` },
    );

  /** Places an order; while order-service has not yet copied a new product, it answers 422 and nothing is stored. */
  async function placeOrder(
    token: string,
    items: Array<{ productId: string; quantity: number }>,
    paymentToken = 'tok_visa',
    key = randomUUID(),
  ): Promise<Order> {
    const body = { items, shippingAddress: SHIPPING_ADDRESS, payment: { method: 'card', token: paymentToken } };
    let last: Answer<Order> | undefined;
    const res = await waitFor(
      async () => {
        last = await api<Order>('POST', '/api/v1/orders', token, body, { 'idempotency-key': key });
        return last.status === 202 ? last : undefined;
      },
      { timeoutMs: 30000, description: 'the order to be accepted' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last answer ${JSON.stringify(last)}`);
    });
    return res.body;
  }

  const waitForStatus = (token: string, id: string, statuses: string[]) =>
    waitFor(
      async () => {
        const res = await api<Order>('GET', `/api/v1/orders/${id}`, token);
        return res.status === 200 && statuses.includes(res.body.status) ? res.body : undefined;
      },
      { timeoutMs: 60000, description: `order ${id} to be ${statuses.join(' or ')}` },
    );

  const chargesOf = (orderId: string) =>
    store
      .useDb(system.databases['order-service'])
      .collection('test_payments')
      .countDocuments({ kind: 'charge', reference: orderId });

  it('when an order is placed, then it is confirmed, charged once, and its stock moves from available to sold', async () => {
    const productId = await createProduct(10);
    const { token } = await customer();

    const placed = await placeOrder(token, [{ productId, quantity: 3 }]);
    const confirmed = await waitForStatus(token, placed.id, ['confirmed']);

    expect(placed.status).toBe('pending');
    expect(confirmed.payment.charge).toBeDefined();
    expect(await chargesOf(placed.id)).toBe(1);
    await waitForStock(productId, { available: 7, reserved: 0 });
  });

  it('when a customer saves an address and orders to its id, then the confirmed order carries that address; an id the customer never saved is 422 ADDRESS_NOT_FOUND', async () => {
    const productId = await createProduct(5);
    const { token } = await customer();
    const home = sampleAddress('London');
    const saved = await api<{ id: string }>('POST', '/api/v1/users/me/addresses', token, home);
    expect(saved.status).toBe(201);
    const order = (addressId: string, key = randomUUID()) =>
      api<Order>(
        'POST',
        '/api/v1/orders',
        token,
        { items: [{ productId, quantity: 1 }], addressId, payment: { method: 'card', token: 'tok_visa' } },
        { 'idempotency-key': key },
      );

    // The address reaches order-service as an event, the product too: until both have, the answer is a 422.
    const placed = await waitFor(
      async () => {
        const res = await order(saved.body.id);
        return res.status === 202 ? res.body : undefined;
      },
      { timeoutMs: 30000, description: 'the order with the saved address to be accepted' },
    );
    const confirmed = await waitForStatus(token, placed.id, ['confirmed']);
    const unknown = await order('000000000000000000000000');

    expect(confirmed).toMatchObject({ shippingAddress: home, addressId: saved.body.id });
    expect(unknown).toMatchObject({ status: 422, body: { code: 'ADDRESS_NOT_FOUND' } });
  });

  it('when the card is declined, then the order is rejected (payment_declined) and the stock released exactly', async () => {
    const productId = await createProduct(5);
    const { token } = await customer();

    const placed = await placeOrder(token, [{ productId, quantity: 2 }], 'tok_decline_generic');
    const rejected = await waitForStatus(token, placed.id, ['rejected']);

    expect(rejected.reason).toBe('payment_declined');
    expect(await chargesOf(placed.id)).toBe(0);
    await waitForStock(productId, { available: 5, reserved: 0 });
  });

  it('when there is not enough stock, then the order is rejected (out_of_stock), nothing charged, stock untouched', async () => {
    const productId = await createProduct(1);
    const { token } = await customer();

    const placed = await placeOrder(token, [{ productId, quantity: 2 }]);
    const rejected = await waitForStatus(token, placed.id, ['rejected']);

    expect(rejected.reason).toBe('out_of_stock');
    expect(await chargesOf(placed.id)).toBe(0);
    expect(await stockOf(productId)).toEqual({ available: 1, reserved: 0 });
  });

  it('when a confirmed order is cancelled, then it is refunded and its stock comes back; a shipped one cannot be cancelled', async () => {
    const productId = await createProduct(6);
    const { token } = await customer();
    const cancelled = await placeOrder(token, [{ productId, quantity: 4 }]);
    await waitForStatus(token, cancelled.id, ['confirmed']);
    const shipped = await placeOrder(token, [{ productId, quantity: 1 }]);
    await waitForStatus(token, shipped.id, ['confirmed']);

    expect((await api('POST', `/api/v1/orders/${cancelled.id}/cancel`, token)).status).toBe(200);
    expect((await api('POST', `/api/v1/orders/${shipped.id}/ship`, admin)).status).toBe(200);
    const refused = await api('POST', `/api/v1/orders/${shipped.id}/cancel`, token);

    expect(refused).toMatchObject({ status: 409, body: { code: 'ORDER_NOT_CANCELLABLE' } });
    const refunded = await waitFor(
      async () => {
        const res = await api<Order>('GET', `/api/v1/orders/${cancelled.id}`, token);
        return res.body.payment.refund ? res.body : undefined;
      },
      { timeoutMs: 30000, description: 'the refund' },
    );
    expect(refunded.status).toBe('cancelled');
    await waitForStock(productId, { available: 5, reserved: 0 });
  });

  it.each(['order-service', 'catalog-service'] as ServiceName[])(
    'when %s is killed while orders are in flight, then after its restart every order ends final, none charged twice, no stock lost',
    async (victim) => {
      const initial = 30;
      const products = [await createProduct(initial, 700), await createProduct(initial, 900)];
      const { id: userId, token } = await customer();
      // Prime order-service's copy of both products, so the burst below is accepted at once.
      const primer = await placeOrder(
        token,
        products.map((productId) => ({ productId, quantity: 1 })),
      );
      await waitForStatus(token, primer.id, ['confirmed']);

      const requests = Array.from({ length: 12 }, (_, i) => {
        const line = { productId: products[i % 2] as string, quantity: 1 + (i % 3) };
        return {
          key: randomUUID(),
          line,
          items: [line],
          paymentToken: i % 4 === 3 ? 'tok_decline_generic' : 'tok_visa',
        };
      });
      const sending = requests.map((r) =>
        api(
          'POST',
          '/api/v1/orders',
          token,
          { items: r.items, shippingAddress: SHIPPING_ADDRESS, payment: { method: 'card', token: r.paymentToken } },
          { 'idempotency-key': r.key },
        ),
      );
      await Promise.race(sending);

      const exit = await system.processes[victim].stop('SIGKILL');
      await Promise.allSettled(sending);
      expect(exit.signal).toBe('SIGKILL');
      await system.start(victim);
      await waitForReady(system.gatewayUrl, 60000, `${victim} back`);
      // A client whose request died with the service sends it again with the same key: one order either way.
      const orders = await Promise.all(requests.map((r) => placeOrder(token, r.items, r.paymentToken, r.key)));

      const final = await Promise.all(orders.map((o) => waitForStatus(token, o.id, FINAL)));
      const charges = await Promise.all(orders.map((o) => chargesOf(o.id)));
      expect(final.map((o, i) => [o.status, charges[i]])).toEqual(
        requests.map((r) => (r.paymentToken === 'tok_visa' ? ['confirmed', 1] : ['rejected', 0])),
      );
      for (const productId of products) {
        const sold =
          1 +
          requests
            .filter((r, i) => r.line.productId === productId && final[i]?.status === 'confirmed')
            .reduce((sum, r) => sum + r.line.quantity, 0);
        await waitForStock(productId, { available: initial - sold, reserved: 0 });
      }
      const again = await Promise.all(requests.map((r) => placeOrder(token, r.items, r.paymentToken, r.key)));
      expect(again.map((o) => o.id)).toEqual(orders.map((o) => o.id));
      expect(await store.useDb(system.databases['order-service']).collection('orders').countDocuments({ userId })).toBe(
        requests.length + 1,
      );
      expect(await Promise.all(orders.map((o) => chargesOf(o.id)))).toEqual(charges);
    },
    120000,
  );
});
