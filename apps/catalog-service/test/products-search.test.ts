import { Types } from 'mongoose';
import { loadConfig, type ServiceApp } from '@shopwire/service-kit';
import {
  freePort,
  recordStoreCommands,
  startTestIssuer,
  testEnv,
  unique,
  waitFor,
  waitForReady,
  type TestIssuer,
} from '@shopwire/testing';
import { buildApp } from '../src/app';
import { config } from '../src/config';
import type { ProductView } from '../src/products/product-view';
import { bearer, catalogApi, eur } from './support/catalog-api';
import { startCatalog, type CatalogTestApp } from './support/catalog-test-app';

type Page = { items: ProductView[]; nextCursor: string | null; total?: number; facets?: Facets };
type Facets = {
  categories: Array<{ slug: string; name: string; count: number }>;
  priceBands: Array<{ min: number; max: number | null; count: number }>;
};

/** Another catalog-service replica on the same database: its own index, fed by the events of the first. */
async function startReplica(dbName: string, issuer: TestIssuer, mongoUrl = testEnv.mongoUrl): Promise<ServiceApp> {
  const env = {
    MONGO_URL: mongoUrl,
    AMQP_URL: testEnv.amqpUrl,
    MONGO_DB: dbName,
    JWKS_URL: issuer.jwksUrl,
    LOG_LEVEL: 'silent',
  };
  return buildApp(loadConfig(config, env), {
    consumeEvents: false,
    messaging: { service: unique('catalog-replica'), outbox: { sweepIntervalMs: 500 } },
  });
}

describe('searching products from the in-memory index', () => {
  let catalog: CatalogTestApp;
  let api: ReturnType<typeof catalogApi>;
  let issuer: TestIssuer;

  beforeAll(async () => {
    catalog = await startCatalog({ consumeEvents: false });
    api = catalogApi(catalog.app, catalog.adminToken);
    issuer = await startTestIssuer();
  });
  afterAll(async () => {
    await catalog?.close();
    await issuer?.close();
  });

  const list = async (query: Record<string, string | number | boolean>): Promise<Page> => {
    const res = await api.list(query);
    expect(res.statusCode).toBe(200);
    return res.json<Page>();
  };
  const names = async (query: Record<string, string | number | boolean>) =>
    (await list(query)).items.map((p) => p.name);
  const suggest = (q: string, app: ServiceApp = catalog.app) =>
    app.inject({ method: 'GET', url: `/api/v1/products/suggest?q=${encodeURIComponent(q)}` });

  it('when a word is in one product’s name and another’s description, then the name hit comes first (relevance is the default with q)', async () => {
    const category = await api.createCategory();
    await api.createProduct({ category, name: 'Milk frother', description: 'Pairs well with an espresso machine' });
    await api.createProduct({ category, name: 'Espresso machine', description: 'Makes coffee' });
    await api.createProduct({ category, name: 'Teapot', description: 'For tea' });

    expect(await names({ category, q: 'espresso' })).toEqual(['Espresso machine', 'Milk frother']);
    expect(await names({ category, q: 'espresso', sort: 'relevance' })).toEqual(['Espresso machine', 'Milk frother']);
    expect(await names({ category, q: 'espresso', sort: 'name' })).toEqual(['Espresso machine', 'Milk frother']);
  });

  it('when a word of five letters or more has one typo, then it still finds the product; a shorter word with a typo does not', async () => {
    const category = await api.createCategory();
    await api.createProduct({ category, name: 'Grinder deluxe' });
    await api.createProduct({ category, name: 'Red mug' });

    expect(await names({ category, q: 'grnder' })).toEqual(['Grinder deluxe']);
    expect(await names({ category, q: 'GRINDRE deluxe' })).toEqual([]);
    expect(await names({ category, q: 'grinderr' })).toEqual(['Grinder deluxe']);
    expect(await names({ category, q: 'mig' })).toEqual([]);
  });

  it('when the last word is unfinished, then it matches as a prefix; earlier words must be whole', async () => {
    const category = await api.createCategory();
    await api.createProduct({ category, name: 'Cappuccino cups', description: 'set of six' });
    await api.createProduct({ category, name: 'Copper kettle' });

    expect(await names({ category, q: 'capp' })).toEqual(['Cappuccino cups']);
    expect(await names({ category, q: 'cappuccino cu' })).toEqual(['Cappuccino cups']);
    expect(await names({ category, q: 'cap cups' })).toEqual([]);
  });

  it('when searching by sku or category name, then the product is found', async () => {
    const category = await api.createCategory(unique('grinders'));
    const sku = unique('SKU-GRIND');
    await api.createProduct({ category, sku, name: 'Hand mill' });

    expect(await names({ category, q: sku })).toEqual(['Hand mill']);
    expect(await names({ category, q: `Category ${category}` })).toEqual(['Hand mill']);
  });

  it('when facets are asked for, then the counts per category and per price band add up to the total of the query and filters', async () => {
    const first = await api.createCategory();
    const second = await api.createCategory();
    const word = unique('facet').replace(/-/g, '');
    await api.createProduct({ category: first, name: `${word} one`, price: eur(500), stock: { available: 1 } });
    await api.createProduct({ category: first, name: `${word} two`, price: eur(1500), stock: { available: 1 } });
    await api.createProduct({ category: second, name: `${word} three`, price: eur(20000), stock: { available: 1 } });
    await api.createProduct({ category: second, name: `${word} four`, price: eur(700), stock: { available: 0 } });

    const page = await list({ q: word, facets: true, limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(4);
    expect(page.facets?.categories).toEqual(
      [
        { slug: first, name: `Category ${first}`, count: 2 },
        { slug: second, name: `Category ${second}`, count: 2 },
      ].sort((a, b) => (a.slug < b.slug ? -1 : 1)),
    );
    const bands = page.facets?.priceBands ?? [];
    expect(bands.reduce((sum, band) => sum + band.count, 0)).toBe(4);
    expect(bands.find((b) => b.min === 0)?.count).toBe(2);
    expect(bands.find((b) => b.max === null)?.count).toBe(1);

    const inStock = await list({ q: word, facets: true, inStock: true });
    expect(inStock.total).toBe(3);
    expect(inStock.facets?.categories.reduce((sum, c) => sum + c.count, 0)).toBe(3);

    const browse = await list({ category: first, facets: true });
    expect(browse.total).toBe(2);
    expect(browse.facets?.categories).toEqual([{ slug: first, name: `Category ${first}`, count: 2 }]);
    expect((await list({ category: first })).facets).toBeUndefined();
  });

  it('when a search box holds the start of a name, then up to 8 names complete it, each name once', async () => {
    const category = await api.createCategory();
    const word = `zq${unique('s').replace(/[^a-z0-9]/g, '')}`;
    for (let i = 0; i < 10; i++) await api.createProduct({ category, name: `${word}ophone ${i}` });
    await api.createProduct({ category, name: `${word}ophone 0` });

    const res = await suggest(word.slice(0, word.length - 1));
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Array<{ id: string; name: string }> }>().items;
    expect(items).toHaveLength(8);
    expect(new Set(items.map((s) => s.name)).size).toBe(8);
    for (const item of items) expect(item.name.startsWith(`${word}ophone`)).toBe(true);
    expect((await suggest('nothing-starts-with-this-zzzz')).json()).toEqual({ items: [] });
  });

  it('when products are created, renamed, restocked and archived, then the index follows at once', async () => {
    const category = await api.createCategory();
    const word = unique('follow').replace(/-/g, '');
    const product = await api.createProduct({ category, name: `${word} kettle`, stock: { available: 0 } });
    expect(await names({ q: word })).toEqual([`${word} kettle`]);

    const renamed = await catalog.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${product.id}`,
      headers: bearer(catalog.adminToken),
      payload: { name: `${word} teapot` },
    });
    expect(renamed.statusCode).toBe(200);
    expect(await names({ q: `${word} teapot` })).toEqual([`${word} teapot`]);
    expect(await names({ q: `${word} kettle` })).toEqual([]);

    await catalog.app.inject({
      method: 'PUT',
      url: `/api/v1/products/${product.id}/stock`,
      headers: bearer(catalog.adminToken),
      payload: { available: 3 },
    });
    const [listed] = (await list({ category, inStock: true })).items;
    expect(listed).toMatchObject({ id: product.id, stock: { available: 3 }, version: 3 });

    await api.archive(product.id);
    expect(await names({ q: word })).toEqual([]);
    expect((await list({ category })).items).toEqual([]);
  });

  it('when products are created and archived between pages of a search, then every product that existed and stayed is listed exactly once', async () => {
    const category = await api.createCategory();
    const word = unique('paging').replace(/-/g, '');
    const existing: string[] = [];
    for (let i = 0; i < 12; i++) {
      // Name hits, description hits and prefix hits: several relevance levels, ties broken by id.
      const input =
        i % 3 === 0
          ? { name: `${word} ${i}` }
          : i % 3 === 1
            ? { name: `item ${i}`, description: `a ${word}` }
            : { name: `${word}s ${i}` };
      existing.push((await api.createProduct({ category, ...input })).id);
    }
    const archived = new Set<string>();
    const seen: string[] = [];
    let cursor: string | undefined;
    let round = 0;
    do {
      const page = await list({ category, q: word, limit: 5, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
      await api.createProduct({ category, name: `${word} new ${round}` });
      await api.createProduct({ category, name: 'other', description: `${word} new ${round}` });
      const victim = existing[existing.length - 1 - round] as string;
      if (!seen.includes(victim)) {
        await api.archive(victim);
        archived.add(victim);
      }
      round++;
    } while (cursor);

    expect(new Set(seen).size).toBe(seen.length);
    const stayed = existing.filter((id) => !archived.has(id));
    expect(seen.filter((id) => existing.includes(id)).sort()).toEqual(stayed.sort());
  });

  it.each([
    ['sort=relevance without q', { sort: 'relevance' }, 'RELEVANCE_NEEDS_QUERY'],
    ['facets that is not a boolean', { facets: 'maybe' }, 'VALIDATION_FAILED'],
    ['q over 100 characters', { q: 'x'.repeat(101) }, 'VALIDATION_FAILED'],
    [
      'a relevance cursor with a key that is not a number',
      {
        q: 'a',
        cursor: Buffer.from(JSON.stringify({ s: 'relevance', k: 'x', id: '0123456789abcdef01234567' })).toString(
          'base64url',
        ),
      },
      'INVALID_CURSOR',
    ],
    [
      'a name cursor sent with q (relevance)',
      {
        q: 'a',
        cursor: Buffer.from(JSON.stringify({ s: 'name', k: 'x', id: '0123456789abcdef01234567' })).toString(
          'base64url',
        ),
      },
      'INVALID_CURSOR',
    ],
  ])('when the listing has %s, then 400 %s', async (_case, query, code) => {
    const res = await api.list(query);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 400, code });
  });

  it.each([
    ['no q', ''],
    ['an empty q', '?q='],
    ['a q over 100 characters', `?q=${'x'.repeat(101)}`],
    ['an unknown parameter', '?q=ab&limit=3'],
  ])('when suggest has %s, then 400 VALIDATION_FAILED', async (_case, query) => {
    const res = await catalog.app.inject({ method: 'GET', url: `/api/v1/products/suggest${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('when browsing, searching, faceting and suggesting, then no command reaches the store', async () => {
    const category = await api.createCategory();
    await api.createProduct({ category, name: 'Hot path grinder', price: eur(1200), stock: { available: 2 } });
    const log = recordStoreCommands(catalog.app.mongo.getClient(), { dbName: catalog.app.mongo.name });
    try {
      const first = await list({ limit: 2 });
      await list({ limit: 2, cursor: first.nextCursor as string });
      await list({ q: 'grinder', facets: true, category, minPrice: 100, maxPrice: 5000, inStock: true });
      await list({ q: 'grindr', sort: '-price' });
      await list({ q: '$where' });
      expect((await suggest('hot pa')).statusCode).toBe(200);
      // The relay's periodic sweep of outbox pointers runs on its own timer, not on these requests.
      expect(log.commands.filter((c) => c.collection !== 'outbox_pointers')).toEqual([]);
    } finally {
      log.stop();
    }
  });

  it('when a second replica runs on the same store, then it sees a product created, changed and archived in the first within a deadline', async () => {
    const replica = await startReplica(catalog.app.mongo.name, issuer);
    try {
      await waitForReady(replica);
      const category = await api.createCategory();
      const word = unique('replica').replace(/-/g, '');
      const product = await api.createProduct({ category, name: `${word} tamper` });
      const namesThere = async (q: string) =>
        (await replica.inject({ method: 'GET', url: `/api/v1/products?q=${q}` })).json<Page>().items.map((p) => p.name);

      await waitFor(async () => (await namesThere(word)).length === 1, {
        timeoutMs: 10000,
        description: 'the replica lists the new product',
      });
      await catalog.app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${product.id}`,
        headers: bearer(catalog.adminToken),
        payload: { name: `${word} scale` },
      });
      await waitFor(async () => (await namesThere(`${word}%20scale`)).length === 1, {
        timeoutMs: 10000,
        description: 'the replica has the new name',
      });
      await api.archive(product.id);
      await waitFor(async () => (await namesThere(word)).length === 0, {
        timeoutMs: 10000,
        description: 'the replica no longer lists it',
      });
      const lag = await replica.inject({ method: 'GET', url: '/metrics' });
      expect(lag.body).toMatch(/shopwire_catalog_search_index_lag_seconds_count{[^}]*} [1-9]/);
    } finally {
      await replica.close();
    }
  });

  it('when the store cannot be reached at start, then the replica is not ready and listings are 503 SEARCH_INDEX_NOT_READY, never an empty list', async () => {
    const replica = await startReplica(
      unique('catalog'),
      issuer,
      `mongodb://127.0.0.1:${await freePort()}/?serverSelectionTimeoutMS=500`,
    );
    try {
      await replica.ready();
      for (const url of ['/api/v1/products', '/api/v1/products?q=anything', '/api/v1/products/suggest?q=any']) {
        const res = await replica.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(503);
        expect(res.json()).toMatchObject({ code: 'SEARCH_INDEX_NOT_READY' });
      }
      const ready = await replica.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ checks: { 'search-index': 'down' } });
    } finally {
      await replica.close();
    }
  });

  it('when the OpenAPI document is fetched, then it documents the search parameters, suggest and their errors', async () => {
    const doc = (await catalog.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<
        string,
        Record<string, { parameters?: Array<{ name: string }>; responses: Record<string, unknown> }>
      >;
    }>();
    const browse = doc.paths['/api/v1/products']?.get;
    expect(browse?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'sort', 'facets', 'cursor', 'limit']),
    );
    expect(Object.keys(browse?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '503']));
    const suggestOp = doc.paths['/api/v1/products/suggest']?.get;
    expect(suggestOp?.parameters?.map((p) => p.name)).toEqual(['q']);
    expect(Object.keys(suggestOp?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '503']));
  });

  it('when a replica starts on a store of 10,000 products, then it becomes ready with all of them in its index', async () => {
    const dbName = unique('catalog-10k');
    const db = catalog.app.mongo.getClient().db(dbName);
    const category = 'bulk';
    await db.collection('categories').insertOne({
      _id: category as unknown as Types.ObjectId,
      name: 'Bulk goods',
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    const now = Date.now();
    const docs = Array.from({ length: 10_000 }, (_, i) => ({
      _id: new Types.ObjectId(),
      sku: `BULK-${i}`,
      name: `Bulk item ${i}`,
      nameKey: `bulk item ${i}`,
      description: i === 4321 ? 'the one with a platypus' : 'an ordinary item',
      category,
      price: { amount: (i % 200) * 100, currency: 'EUR' },
      images: [],
      active: i % 10 !== 9,
      version: 1,
      stock: { available: i % 7, reserved: 0, sold: 0 },
      holds: {},
      createdAt: new Date(now - i * 1000),
      updatedAt: new Date(now - i * 1000),
    }));
    for (let i = 0; i < docs.length; i += 1000) await db.collection('products').insertMany(docs.slice(i, i + 1000));

    const replica = await startReplica(dbName, issuer);
    try {
      await waitForReady(replica, 60000);
      const page = (await replica.inject({ method: 'GET', url: '/api/v1/products?facets=true&limit=3' })).json<Page>();
      expect(page.total).toBe(9000);
      expect(page.items.map((p) => p.sku)).toEqual(['BULK-0', 'BULK-1', 'BULK-2']);
      const found = (await replica.inject({ method: 'GET', url: '/api/v1/products?q=platypuss' })).json<Page>();
      expect(found.items.map((p) => p.sku)).toEqual(['BULK-4321']);
      expect(
        (
          await replica.inject({ method: 'GET', url: '/api/v1/products?q=bulk%20goods&facets=true&inStock=false' })
        ).json<Page>().total,
      ).toBe(docs.filter((d) => d.active && d.stock.available === 0).length);
    } finally {
      await replica.close();
      await db.dropDatabase();
    }
  }, 120000);
});
