import { randomUUID } from 'node:crypto';
import { unique, waitFor } from '@shopwire/testing';
import { gatewayApi, untilAccepted } from './gateway-api';
import { startSystemOnOwnVhost, type OwnSystem } from './own-system';

const ADMIN = { email: `admin-${randomUUID().slice(0, 8)}@example.test`, password: 'admin password 1' };
const SHIPPING_ADDRESS = {
  name: 'Rec Ommend',
  line1: '3 Basket Lane',
  city: 'Vienna',
  postalCode: '1010',
  country: 'AT',
};

interface Item {
  productId: string;
  name: string;
  price: { amount: number; currency: string };
  score: number;
}

describe('recommendations through the gateway', () => {
  // A vhost of its own: on the shared one, other runs' orders would be learnt here too.
  let system: OwnSystem;
  const { call, token: login, register, addCategory, addProduct } = gatewayApi(() => system.gatewayUrl);

  beforeAll(async () => {
    system = await startSystemOnOwnVhost({}, ADMIN);
  });
  afterAll(() => system?.stop());

  const customer = async (): Promise<string> => {
    const email = `${unique('shopper')}@example.test`;
    expect((await register(email, 'shopper password 1', 'Shopper')).status).toBe(201);
    return login(email, 'shopper password 1');
  };
  const order = async (token: string, productIds: string[]): Promise<string> => {
    const body = {
      items: productIds.map((productId) => ({ productId, quantity: 1 })),
      shippingAddress: SHIPPING_ADDRESS,
      payment: { method: 'card', token: 'tok_visa' },
    };
    // order-service learns each product from product.created; until then it answers 422.
    const placed = await untilAccepted(() =>
      call<{ id: string }>('/api/v1/orders', {
        method: 'POST',
        token,
        body,
        headers: { 'idempotency-key': randomUUID() },
      }),
    );
    await waitFor(
      async () =>
        (await call<{ status: string }>(`/api/v1/orders/${placed.id}`, { token })).body.status === 'confirmed',
      { timeoutMs: 30000, description: 'the order confirmed' },
    );
    return placed.id;
  };
  const alsoBought = async (productId: string) => call<{ items: Item[] }>(`/api/v1/products/${productId}/also-bought`);

  it('when customers order, then the product page\'s "bought together" and the user\'s "for you" list what was bought with it, and a cancellation takes it back', async () => {
    const admin = await login(ADMIN.email, ADMIN.password);
    const category = unique('recs');
    await addCategory(admin, category, 'Recommendations');
    const product = (name: string, amount: number): Promise<string> =>
      addProduct(admin, { name, category, amount, available: 20 });
    const [pan, spatula, apron] = [
      await product('Pan', 3900),
      await product('Spatula', 800),
      await product('Apron', 1500),
    ];
    const [first, second] = [await customer(), await customer()];

    await order(first, [pan, spatula]);
    const withPan = await waitFor(
      async () => {
        const list = await alsoBought(pan);
        return list.body.items?.some((item) => item.productId === spatula) ? list : undefined;
      },
      { timeoutMs: 20000, description: 'the spatula bought together with the pan' },
    );
    expect(withPan.status).toBe(200);
    expect(withPan.body.items.find((item) => item.productId === spatula)).toEqual({
      productId: spatula,
      name: 'Spatula',
      price: { amount: 800, currency: 'EUR' },
      score: expect.any(Number),
    });

    const secondOrder = await order(second, [pan, apron]);
    await waitFor(async () => (await alsoBought(pan)).body.items?.some((item) => item.productId === apron), {
      timeoutMs: 20000,
      description: 'the apron bought together with the pan',
    });
    const forFirst = await waitFor(
      async () => {
        const list = await call<{ items: Item[] }>('/api/v1/recommendations/me', { token: first });
        return list.body.items?.some((item) => item.productId === apron) ? list : undefined;
      },
      { timeoutMs: 20000, description: 'the apron recommended to the first customer' },
    );
    expect(forFirst.body.items.map((item) => item.productId)).not.toContain(pan);

    expect((await call(`/api/v1/orders/${secondOrder}/cancel`, { method: 'POST', token: second })).status).toBe(200);
    await waitFor(async () => !(await alsoBought(pan)).body.items.some((item) => item.productId === apron), {
      timeoutMs: 20000,
      description: 'the cancelled order taken back',
    });
    expect(
      (await call<{ items: Item[] }>('/api/v1/recommendations/me', { token: first })).body.items.map(
        (item) => item.productId,
      ),
    ).not.toContain(apron);
  });

  it('when a client asks with a bad limit, a malformed id or no token for its own list, then the gateway passes on a problem, never a 5xx', async () => {
    const someId = '65a1b2c3d4e5f60718293a4b';
    expect(await call(`/api/v1/products/${someId}/also-bought?limit=0`)).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
    expect(await call(`/api/v1/products/${someId}/also-bought?limit=101`)).toMatchObject({ status: 400 });
    expect(await call('/api/v1/products/not-a-product/also-bought')).toMatchObject({ status: 400 });
    expect(await call(`/api/v1/products/${someId}/also-bought`)).toMatchObject({
      status: 404,
      body: { code: 'PRODUCT_NOT_FOUND' },
    });
    expect((await call('/api/v1/recommendations/me')).status).toBe(401);
  });
});
