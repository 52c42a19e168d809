import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { sampleAddress, testEnv, unique, waitFor, waitForReady, type ServiceName } from '@shopwire/testing';
import { gatewayApi, untilAccepted } from './gateway-api';
import { startSystemOnOwnVhost, type OwnSystem } from './own-system';
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
  let system: OwnSystem;
  const { api, login, register, addCategory, addProduct } = gatewayApi(() => system.gatewayUrl);
  let store: mongoose.Connection;
  let admin: string;
  let category: string;

  beforeAll(async () => {
    // A vhost of its own: services of other test runs on the shared one would take this run's events.
    system = await startSystemOnOwnVhost({}, ADMIN);
    store = await mongoose.createConnection(testEnv.mongoUrl).asPromise();
    admin = (
      await waitFor(() => login(ADMIN.email, ADMIN.password), { timeoutMs: 20000, description: 'the admin account' })
    ).accessToken;
    category = unique('cups').toLowerCase();
    await addCategory(admin, category, 'Cups');
  });
  afterAll(async () => {
    await stopSystemAndDropData(system, store);
  });

  /** A customer registered and logged in through the gateway. */
  async function customer(): Promise<{ id: string; token: string }> {
    const email = `${unique('buyer')}@example.com`;
    const registered = await register(email, 'correct-horse-9', 'Order Tester');
    expect(registered.status).toBe(201);
    const session = await login(email, 'correct-horse-9');
    if (!session) throw new Error(`${email} could not log in`);
    return { id: registered.body.id, token: session.accessToken };
  }

  const createProduct = (available: number, amount = 1500): Promise<string> =>
    addProduct(admin, { name: 'Stoneware mug', category, amount, available });

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
  function placeOrder(
    token: string,
    items: Array<{ productId: string; quantity: number }>,
    paymentToken = 'tok_visa',
    key = randomUUID(),
  ): Promise<Order> {
    const body = { items, shippingAddress: SHIPPING_ADDRESS, payment: { method: 'card', token: paymentToken } };
    return untilAccepted(() => api<Order>('POST', '/api/v1/orders', token, body, { 'idempotency-key': key }));
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

  /** A new customer orders `quantity` of a new product with `available` in stock; gives the order once it is `status`. */
  async function orderUntil(
    status: string,
    { available, quantity, paymentToken }: { available: number; quantity: number; paymentToken?: string },
  ): Promise<{ productId: string; placed: Order; settled: Order }> {
    const productId = await createProduct(available);
    const { token } = await customer();
    const placed = await placeOrder(token, [{ productId, quantity }], paymentToken);
    return { productId, placed, settled: await waitForStatus(token, placed.id, [status]) };
  }

  it('when an order is placed, then it is confirmed, charged once, and its stock moves from available to sold', async () => {
    const { productId, placed, settled: confirmed } = await orderUntil('confirmed', { available: 10, quantity: 3 });

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
    const placed = await untilAccepted(() => order(saved.body.id), 'the order with the saved address to be accepted');
    const confirmed = await waitForStatus(token, placed.id, ['confirmed']);
    const unknown = await order('000000000000000000000000');

    expect(confirmed).toMatchObject({ shippingAddress: home, addressId: saved.body.id });
    expect(unknown).toMatchObject({ status: 422, body: { code: 'ADDRESS_NOT_FOUND' } });
  });

  it('when the card is declined, then the order is rejected (payment_declined) and the stock released exactly', async () => {
    const {
      productId,
      placed,
      settled: rejected,
    } = await orderUntil('rejected', { available: 5, quantity: 2, paymentToken: 'tok_decline_generic' });

    expect(rejected.reason).toBe('payment_declined');
    expect(await chargesOf(placed.id)).toBe(0);
    await waitForStock(productId, { available: 5, reserved: 0 });
  });

  it('when there is not enough stock, then the order is rejected (out_of_stock), nothing charged, stock untouched', async () => {
    const { productId, placed, settled: rejected } = await orderUntil('rejected', { available: 1, quantity: 2 });

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
