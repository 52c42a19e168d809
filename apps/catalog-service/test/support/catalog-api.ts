import type { ServiceApp } from '@shopwire/service-kit';
import { unique } from '@shopwire/testing';
import type { ProductView } from '../../src/products/product-view';

export const eur = (amount: number) => ({ amount, currency: 'EUR' as const });

export interface ProductInput {
  sku?: string;
  name?: string;
  description?: string;
  category: string;
  price?: { amount: number; currency: 'EUR' };
  stock?: { available: number };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The admin API as a test drives it: each call asserts it succeeded and returns the body. */
export function catalogApi(app: ServiceApp, adminToken: string) {
  return {
    async createCategory(slug = unique('cat')): Promise<string> {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/categories',
        headers: bearer(adminToken),
        payload: { slug, name: `Category ${slug}` },
      });
      if (res.statusCode !== 201) throw new Error(`category not created: ${res.statusCode} ${res.body}`);
      return slug;
    },
    async createProduct(input: ProductInput): Promise<ProductView> {
      const payload = { sku: unique('SKU'), name: unique('Product'), price: eur(1000), ...input };
      const res = await app.inject({ method: 'POST', url: '/api/v1/products', headers: bearer(adminToken), payload });
      if (res.statusCode !== 201) throw new Error(`product not created: ${res.statusCode} ${res.body}`);
      return res.json<ProductView>();
    },
    async archive(id: string): Promise<void> {
      const res = await app.inject({ method: 'DELETE', url: `/api/v1/products/${id}`, headers: bearer(adminToken) });
      if (res.statusCode !== 204) throw new Error(`product not archived: ${res.statusCode} ${res.body}`);
    },
    list(query: Record<string, string | number | boolean>) {
      const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
      return app.inject({ method: 'GET', url: `/api/v1/products?${search.toString()}` });
    },
  };
}

export { bearer };
