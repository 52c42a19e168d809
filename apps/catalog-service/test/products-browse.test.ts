import { unique } from '@shopwire/testing';
import type { ProductView } from '../src/products/product-view';
import { catalogApi, eur } from './support/catalog-api';
import { startCatalog, type CatalogTestApp } from './support/catalog-test-app';

type Page = { items: ProductView[]; nextCursor: string | null };

describe('browsing products', () => {
  let catalog: CatalogTestApp;
  let api: ReturnType<typeof catalogApi>;

  beforeAll(async () => {
    catalog = await startCatalog({ consumeEvents: false });
    api = catalogApi(catalog.app, catalog.adminToken);
  });
  afterAll(() => catalog?.close());

  const names = (res: { json(): unknown }) => (res.json() as Page).items.map((p) => p.name);

  it('when filtered by category, price range and stock, then only the matching active products are listed', async () => {
    const category = await api.createCategory();
    const other = await api.createCategory();
    await api.createProduct({ category, name: 'cheap', price: eur(100), stock: { available: 5 } });
    await api.createProduct({ category, name: 'middle', price: eur(500), stock: { available: 0 } });
    await api.createProduct({ category, name: 'dear', price: eur(900), stock: { available: 3 } });
    await api.createProduct({ category: other, name: 'elsewhere', price: eur(500), stock: { available: 5 } });
    await api.archive(
      (await api.createProduct({ category, name: 'archived', price: eur(500), stock: { available: 5 } })).id,
    );

    const sorted = async (query: Record<string, string | number | boolean>) =>
      names(await api.list({ sort: 'price', ...query }));
    expect(await sorted({ category })).toEqual(['cheap', 'middle', 'dear']);
    expect(await sorted({ category, minPrice: 200, maxPrice: 900 })).toEqual(['middle', 'dear']);
    expect(await sorted({ category, maxPrice: 500 })).toEqual(['cheap', 'middle']);
    expect(await sorted({ category, inStock: true })).toEqual(['cheap', 'dear']);
    expect(await sorted({ category, inStock: false })).toEqual(['middle']);
  });

  it.each([
    ['name', ['Apple', 'banana', 'cherry']],
    ['-name', ['cherry', 'banana', 'Apple']],
    ['price', ['cherry', 'Apple', 'banana']],
    ['-price', ['banana', 'Apple', 'cherry']],
    ['-createdAt', ['cherry', 'Apple', 'banana']],
  ])('when sorted by %s, then the products come in that order', async (sort, expected) => {
    const category = await api.createCategory();
    await api.createProduct({ category, name: 'banana', price: eur(300) });
    await api.createProduct({ category, name: 'Apple', price: eur(200) });
    await api.createProduct({ category, name: 'cherry', price: eur(100) });

    expect(names(await api.list({ category, sort }))).toEqual(expected);
  });

  it.each([
    ['.*', ['dot star .* here']],
    ['(', ['open ( paren']],
    ['$where', ['operator $where name']],
    ['[a-z]+', ['class [a-z]+ literal']],
    ['\\', ['back \\ slash']],
    ['ORDINARY', ['Ordinary thing']],
    ['fizzy', ['Ordinary thing']],
  ])(
    'when searching for %j, then it matches literally and case-insensitively in name or description',
    async (q, expected) => {
      const category = await api.createCategory();
      for (const name of [
        'dot star .* here',
        'open ( paren',
        'operator $where name',
        'class [a-z]+ literal',
        'back \\ slash',
      ]) {
        await api.createProduct({ category, name });
      }
      await api.createProduct({ category, name: 'Ordinary thing', description: 'Fizzy and cold' });

      const res = await api.list({ category, q, sort: 'name' });

      expect(res.statusCode).toBe(200);
      expect(names(res)).toEqual(expected);
    },
  );

  it.each([
    [{ limit: 101 }, 'limit above 100'],
    [{ limit: 0 }, 'limit of 0'],
    [{ minPrice: 'cheap' }, 'a price that is not a number'],
    [{ sort: 'stock' }, 'an unknown sort'],
    [{ colour: 'red' }, 'an unknown parameter'],
  ])('when the query has %j (%s), then 400 VALIDATION_FAILED', async (query, _case) => {
    const res = await api.list(query);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
  });

  const cursorOf = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
  it.each([
    ['not base64 json', 'not-a-cursor!'],
    ['made for another sort', cursorOf({ s: 'price', k: 100, id: '0123456789abcdef01234567' })],
    ['with a malformed id', cursorOf({ s: '-createdAt', k: new Date().toISOString(), id: 'nope' })],
    ['with a key of the wrong type', cursorOf({ s: '-createdAt', k: { $gt: '' }, id: '0123456789abcdef01234567' })],
  ])('when the cursor is %s, then 400 INVALID_CURSOR', async (_case, cursor) => {
    const res = await api.list({ cursor });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it.each(['name', '-name', 'price', '-price', '-createdAt'])(
    'when products are added between pages (sort %s), then every product that existed is listed exactly once',
    async (sort) => {
      const category = await api.createCategory();
      const existing = new Set<string>();
      for (let i = 0; i < 13; i++) {
        // Repeated names and prices make the id the tie-breaker.
        existing.add((await api.createProduct({ category, name: `item ${i % 4}`, price: eur(100 * (i % 3)) })).id);
      }

      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await api.list({ category, sort, limit: 4, ...(cursor ? { cursor } : {}) });
        expect(res.statusCode).toBe(200);
        const page = res.json<Page>();
        seen.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor ?? undefined;
        await api.createProduct({ category, name: 'item 0', price: eur(0) });
        await api.createProduct({ category, name: 'item 9', price: eur(900) });
      } while (cursor);

      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => existing.has(id)).sort()).toEqual([...existing].sort());
    },
  );

  it.each(['not-an-id', '0123456789abcdef01234567', '$where'])(
    'when the product id is %s, then 404 PRODUCT_NOT_FOUND',
    async (id) => {
      const res = await catalog.app.inject({ method: 'GET', url: `/api/v1/products/${encodeURIComponent(id)}` });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'PRODUCT_NOT_FOUND', status: 404 });
    },
  );

  it('when a product is read, then it carries its ETag; sent back in If-None-Match, the answer is 304 until it changes', async () => {
    const category = await api.createCategory();
    const created = await api.createProduct({ category, sku: unique('ETAG'), stock: { available: 4 } });
    const url = `/api/v1/products/${created.id}`;

    const first = await catalog.app.inject({ method: 'GET', url });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual(created);
    const etag = first.headers.etag as string;
    expect(etag).toBe(`"${created.version}"`);

    const unchanged = await catalog.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(unchanged.statusCode).toBe(304);
    expect(unchanged.body).toBe('');
    expect(unchanged.headers['content-length']).toBeUndefined();

    await catalog.app.inject({
      method: 'PUT',
      url: `${url}/stock`,
      headers: { authorization: `Bearer ${catalog.adminToken}` },
      payload: { available: 9 },
    });
    const changed = await catalog.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json()).toMatchObject({ stock: { available: 9, reserved: 0 } });
  });

  it('when the OpenAPI document is fetched, then it describes every catalog route', async () => {
    const res = await catalog.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths['/api/v1/products'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/products/{id}'] ?? {}).sort()).toEqual(['delete', 'get', 'patch']);
    expect(Object.keys(doc.paths['/api/v1/products/{id}/stock'] ?? {})).toEqual(['put']);
    expect(Object.keys(doc.paths['/api/v1/categories'] ?? {}).sort()).toEqual(['get', 'post']);
  });
});
