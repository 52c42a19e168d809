import { collectEvents, unique, type CollectedEvents } from '@shopwire/testing';
import type { ProductView } from '../src/products/product-view';
import { bearer, catalogApi, eur } from './support/catalog-api';
import { startCatalog, type CatalogTestApp } from './support/catalog-test-app';

describe('managing the catalog', () => {
  let catalog: CatalogTestApp;
  let api: ReturnType<typeof catalogApi>;
  let wire: CollectedEvents;
  let category: string;

  beforeAll(async () => {
    catalog = await startCatalog({ consumeEvents: false });
    api = catalogApi(catalog.app, catalog.adminToken);
    wire = await collectEvents({ types: ['product.*'] });
    category = await api.createCategory();
  });
  afterAll(async () => {
    await wire?.close();
    await catalog?.close();
  });

  const inject = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    opts: { token?: string; payload?: object; headers?: Record<string, string> } = {},
  ) =>
    catalog.app.inject({
      method,
      url,
      payload: opts.payload,
      headers: { ...(opts.token ? bearer(opts.token) : {}), ...opts.headers },
    });

  const adminRoutes = (
    id: string,
  ): Array<[string, 'POST' | 'PATCH' | 'PUT' | 'DELETE', string, object | undefined]> => [
    ['create a product', 'POST', '/api/v1/products', { sku: unique('SKU'), name: 'x', category, price: eur(1) }],
    ['change a product', 'PATCH', `/api/v1/products/${id}`, { name: 'changed' }],
    ['archive a product', 'DELETE', `/api/v1/products/${id}`, undefined],
    ['set stock', 'PUT', `/api/v1/products/${id}/stock`, { available: 1 }],
    ['create a category', 'POST', '/api/v1/categories', { slug: unique('c'), name: 'C' }],
  ];

  it('when anyone without a token or a customer calls an admin route, then 401 or 403 and nothing changes', async () => {
    const product = await api.createProduct({ category, stock: { available: 3 } });
    for (const [what, method, url, payload] of adminRoutes(product.id)) {
      const anonymous = await inject(method, url, { payload });
      expect([what, anonymous.statusCode, anonymous.json().code]).toEqual([what, 401, 'AUTHENTICATION_REQUIRED']);
      const customer = await inject(method, url, { payload, token: catalog.customerToken });
      expect([what, customer.statusCode, customer.json().code]).toEqual([what, 403, 'FORBIDDEN']);
    }
    expect((await inject('GET', `/api/v1/products/${product.id}`)).json()).toEqual(product);
  });

  it('when an admin creates a product, then 201 with Location and ETag, it is listed, and product.created (version 2, with its category) is emitted', async () => {
    const sku = unique('NEW');
    const res = await inject('POST', '/api/v1/products', {
      token: catalog.adminToken,
      payload: {
        sku,
        name: 'Oolong',
        description: 'Half-oxidised',
        category,
        price: eur(1450),
        images: ['https://img.example/oolong.jpg'],
        stock: { available: 7 },
      },
    });

    expect(res.statusCode).toBe(201);
    const product = res.json<ProductView>();
    expect(product).toMatchObject({
      sku,
      name: 'Oolong',
      category,
      price: eur(1450),
      stock: { available: 7, reserved: 0 },
      active: true,
      version: 1,
    });
    expect(res.headers.location).toBe(`/api/v1/products/${product.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect((await api.list({ category, q: 'oolong' })).json().items).toEqual([product]);
    const event = await wire.waitFor(
      (e) => e.type === 'product.created' && (e.data as { productId: string }).productId === product.id,
    );
    expect(event).toMatchObject({
      source: 'catalog-service',
      correlationId: res.headers['x-request-id'],
      version: 2,
      data: { productId: product.id, sku, name: 'Oolong', price: eur(1450), active: true, category },
    });
  });

  it('when the sku is taken, then 409 SKU_TAKEN and the first product is unchanged', async () => {
    const first = await api.createProduct({ category, sku: unique('DUP'), name: 'first' });

    const res = await inject('POST', '/api/v1/products', {
      token: catalog.adminToken,
      payload: { sku: first.sku, name: 'second', category, price: eur(5) },
    });

    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'SKU_TAKEN', status: 409 });
    expect((await api.list({ category, q: 'second' })).json().items).toEqual([]);
    expect((await inject('GET', `/api/v1/products/${first.id}`)).json()).toEqual(first);
  });

  it('when a category slug is taken, then 409 CATEGORY_TAKEN; categories are listed for anyone', async () => {
    const slug = await api.createCategory();
    const res = await inject('POST', '/api/v1/categories', {
      token: catalog.adminToken,
      payload: { slug, name: 'again' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CATEGORY_TAKEN' });

    const list = await inject('GET', '/api/v1/categories');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toContainEqual({ slug, name: `Category ${slug}` });
  });

  it.each([
    ['an unknown field', { roles: ['admin'] }],
    ['a price as a string', { price: { amount: '1000', currency: 'EUR' } }],
    ['a currency other than EUR', { price: { amount: 1000, currency: 'USD' } }],
    ['a negative stock', { stock: { available: -1 } }],
    ['an operator where a string belongs', { name: { $gt: '' } }],
  ])('when the new product has %s, then 400 VALIDATION_FAILED', async (_case, change) => {
    const payload = { sku: unique('BAD'), name: 'x', category, price: eur(1000), ...change };
    const res = await inject('POST', '/api/v1/products', { token: catalog.adminToken, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('when the category does not exist, then 422 CATEGORY_NOT_FOUND', async () => {
    const res = await inject('POST', '/api/v1/products', {
      token: catalog.adminToken,
      payload: { sku: unique('X'), name: 'x', category: 'no-such-category', price: eur(1) },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'CATEGORY_NOT_FOUND' });
  });

  it('when PATCH carries a stale If-Match, then 412 and nothing changes; with the current ETag the change applies and product.updated is emitted', async () => {
    const product = await api.createProduct({ category, name: 'before', price: eur(100) });
    const url = `/api/v1/products/${product.id}`;
    const firstEtag = (await inject('GET', url)).headers.etag as string;
    const second = await inject('PATCH', url, {
      token: catalog.adminToken,
      headers: { 'if-match': firstEtag },
      payload: { name: 'by the first admin' },
    });
    expect(second.statusCode).toBe(200);

    const stale = await inject('PATCH', url, {
      token: catalog.adminToken,
      headers: { 'if-match': firstEtag },
      payload: { price: eur(1) },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
    expect((await inject('GET', url)).json()).toMatchObject({
      name: 'by the first admin',
      price: eur(100),
      version: 2,
    });

    const fresh = await inject('PATCH', url, {
      token: catalog.adminToken,
      headers: { 'if-match': second.headers.etag as string },
      payload: { price: eur(250) },
    });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json()).toMatchObject({ name: 'by the first admin', price: eur(250), version: 3 });
    expect(fresh.headers.etag).toBe('"3"');
    await wire.waitFor(
      (e) =>
        e.type === 'product.updated' &&
        (e.data as { productId: string; price: { amount: number } }).productId === product.id &&
        (e.data as { price: { amount: number } }).price.amount === 250,
    );
  });

  it('when PATCH has no field, an unknown field or targets an unknown product, then 400, 400 and 404', async () => {
    const product = await api.createProduct({ category });
    const url = `/api/v1/products/${product.id}`;
    expect((await inject('PATCH', url, { token: catalog.adminToken, payload: {} })).statusCode).toBe(400);
    expect((await inject('PATCH', url, { token: catalog.adminToken, payload: { sku: 'NEW-SKU' } })).statusCode).toBe(
      400,
    );
    const missing = await inject('PATCH', '/api/v1/products/0123456789abcdef01234567', {
      token: catalog.adminToken,
      payload: { name: 'x' },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('when a product is archived, then it is neither listed nor readable, archiving again is harmless, and product.archived is emitted', async () => {
    const product = await api.createProduct({ category, name: unique('to-archive'), stock: { available: 2 } });

    const res = await inject('DELETE', `/api/v1/products/${product.id}`, { token: catalog.adminToken });

    expect(res.statusCode).toBe(204);
    expect((await api.list({ category, q: product.name })).json().items).toEqual([]);
    expect((await inject('GET', `/api/v1/products/${product.id}`)).statusCode).toBe(404);
    expect((await inject('DELETE', `/api/v1/products/${product.id}`, { token: catalog.adminToken })).statusCode).toBe(
      204,
    );
    expect(
      (await inject('DELETE', '/api/v1/products/0123456789abcdef01234567', { token: catalog.adminToken })).statusCode,
    ).toBe(404);
    await wire.waitFor(
      (e) => e.type === 'product.archived' && (e.data as { productId: string }).productId === product.id,
    );
    expect(
      wire.events.filter(
        (e) => e.type === 'product.archived' && (e.data as { productId: string }).productId === product.id,
      ),
    ).toHaveLength(1);
  });

  it('when stock is set, then available takes the new value and the version moves on', async () => {
    const product = await api.createProduct({ category, stock: { available: 3 } });

    const res = await inject('PUT', `/api/v1/products/${product.id}/stock`, {
      token: catalog.adminToken,
      payload: { available: 12 },
    });

    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: product.id,
      stock: { available: 12, reserved: 0 },
      version: product.version + 1,
    });
    expect(res.headers.etag).toBe(`"${product.version + 1}"`);
    const bad = await inject('PUT', `/api/v1/products/${product.id}/stock`, {
      token: catalog.adminToken,
      payload: { available: 1.5 },
    });
    expect(bad.statusCode).toBe(400);
  });
});
