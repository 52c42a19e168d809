import { waitFor } from '@shopwire/testing';
import type { ProductView } from '../src/products/product-view';
import { seedDemoCatalog } from '../src/seed/seed-demo-catalog';
import { catalogApi } from './support/catalog-api';
import { startCatalog, type CatalogTestApp } from './support/catalog-test-app';

describe('the demo catalog', () => {
  let catalog: CatalogTestApp;

  beforeAll(async () => {
    catalog = await startCatalog({ consumeEvents: false, seedDemoCatalog: true });
  });
  afterAll(() => catalog?.close());

  const listAll = async () =>
    (await catalogApi(catalog.app, catalog.adminToken).list({ limit: 100 })).json<{ items: ProductView[] }>().items;

  it('when the service starts with SEED_DEMO_CATALOG, then a few categories and about 30 products with stock are there', async () => {
    const products = await waitFor(
      async () => {
        const items = await listAll();
        return items.length >= 30 && items;
      },
      { timeoutMs: 20000, description: 'the demo products' },
    );
    const categories = (await catalog.app.inject({ method: 'GET', url: '/api/v1/categories' })).json<{
      items: unknown[];
    }>().items;

    expect(products).toHaveLength(30);
    expect(categories.length).toBeGreaterThanOrEqual(3);
    expect(products.filter((p) => p.stock.available > 0).length).toBeGreaterThan(20);
  });

  it('when the seed runs again, then nothing is added and what an admin changed stays changed', async () => {
    await waitFor(async () => (await listAll()).length === 30, { timeoutMs: 20000, description: 'the demo products' });
    const archivedId = (await listAll())[0]?.id ?? '';
    await catalogApi(catalog.app, catalog.adminToken).archive(archivedId);

    expect(await seedDemoCatalog(catalog.deps)).toEqual({ categories: 0, products: 0 });
    expect((await listAll()).map((p) => p.id)).not.toContain(archivedId);
    expect(await listAll()).toHaveLength(29);
  });
});
