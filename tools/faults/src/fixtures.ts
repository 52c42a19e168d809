import { randomUUID } from 'node:crypto';
import { waitFor } from '@shopwire/testing';
import { ApiClient } from '@shopwire/loadgen';
import type { FaultRig } from './rig';

export interface StockedProduct {
  id: string;
  sku: string;
  initial: number;
}

// A few plentiful products and two scarce ones, so some orders are rejected as out of stock and held stock is released.
const STOCK = [500, 500, 300, 200, 15, 5];
const NAMES = ['Kettle', 'Teapot', 'Mug', 'Saucer', 'Samovar', 'Tea chest'];

/** The suite's own catalog, created through the gateway by the admin, with known stock; the load orders only these. */
export async function createProducts(rig: FaultRig): Promise<StockedProduct[]> {
  const api = new ApiClient(rig.system.gatewayUrl);
  try {
    const login = await waitFor(
      async () => {
        const res = await api.call<{ accessToken?: string }>('POST', '/api/v1/auth/login', { body: rig.admin });
        return res.status === 200 ? res.body.accessToken : undefined;
      },
      { timeoutMs: 30000, intervalMs: 250, description: 'the admin account to log in' },
    );
    const slug = `faults-${randomUUID().slice(0, 8)}`;
    const category = await api.call('POST', '/api/v1/categories', {
      token: login,
      body: { slug, name: 'Fault suite' },
    });
    if (category.status !== 201)
      throw new Error(`creating the category: ${category.status} ${JSON.stringify(category.body)}`);
    const products: StockedProduct[] = [];
    for (const [index, initial] of STOCK.entries()) {
      const sku = `FAULTS-${index}-${randomUUID().slice(0, 8)}`;
      const body = {
        sku,
        name: `${NAMES[index] ?? 'Thing'} ${index}`,
        category: slug,
        price: { amount: 500 + index * 100, currency: 'EUR' },
        stock: { available: initial },
      };
      const created = await api.call<{ id: string }>('POST', '/api/v1/products', { token: login, body });
      if (created.status !== 201) throw new Error(`creating ${sku}: ${created.status} ${JSON.stringify(created.body)}`);
      products.push({ id: created.body.id, sku, initial });
    }
    await orderServiceKnows(rig, products);
    return products;
  } finally {
    await api.close();
  }
}

/** Order-service prices orders from its own copy of the catalog, filled by product.created: wait for every copy. */
async function orderServiceKnows(rig: FaultRig, products: StockedProduct[]): Promise<void> {
  const copies = rig.db
    .db(rig.system.databases['order-service'])
    .collection<{ _id: string; active: boolean }>('catalog_products');
  await waitFor(
    async () =>
      (await copies.countDocuments({ _id: { $in: products.map((p) => p.id) }, active: true })) === products.length,
    {
      timeoutMs: 30000,
      intervalMs: 250,
      description: "order-service's copy of the suite's products",
    },
  );
}
