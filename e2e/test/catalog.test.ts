import { waitFor, startSystem, type RunningSystem } from '@shopwire/testing';

interface Product {
  id: string;
  sku: string;
  price: { amount: number };
  category: string;
  stock: { available: number };
}
interface Page {
  items: Product[];
  nextCursor: string | null;
}

describe('the catalog through the gateway', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ SEED_DEMO_CATALOG: 'true' });
  });
  afterAll(() => system?.stop());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${system.gatewayUrl}${path}`, { headers });
  const page = async (query: string): Promise<Page> => {
    const res = await get(`/api/v1/products?${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Page;
  };

  it('when the demo catalog is paged through by price, then each of its 30 products arrives once, cheapest first', async () => {
    await waitFor(async () => (await page('limit=100')).items.length === 30, {
      timeoutMs: 30000,
      description: 'the demo catalog',
    });

    const seen: Product[] = [];
    let cursor: string | null = null;
    do {
      const next: Page = await page(`sort=price&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...next.items);
      cursor = next.nextCursor;
    } while (cursor);

    expect(new Set(seen.map((p) => p.id)).size).toBe(30);
    expect(seen.map((p) => p.price.amount)).toEqual([...seen.map((p) => p.price.amount)].sort((a, b) => a - b));
  });

  it('when filtered by category and stock, then only in-stock products of that category are listed', async () => {
    const { items } = await page('category=coffee&inStock=true&limit=100');
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((p) => p.category === 'coffee' && p.stock.available > 0)).toBe(true);
  });

  it('when a product is read twice, the second time with its ETag, then the gateway passes on the 304', async () => {
    const [first] = (await page('limit=1')).items;
    const res = await get(`/api/v1/products/${first?.id}`);
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"\d+"$/);

    expect((await get(`/api/v1/products/${first?.id}`, { 'if-none-match': etag })).status).toBe(304);
  });

  it('when a customer searches the demo catalog with a typo, asks for facets and types into the search box, then the gateway passes on what the index answers', async () => {
    await waitFor(async () => (await page('limit=100')).items.length === 30, {
      timeoutMs: 30000,
      description: 'the demo catalog',
    });
    const found = (await (await get('/api/v1/products?q=espreso%20bean')).json()) as Page & {
      items: Array<Product & { name: string }>;
    };
    expect(found.items.map((p) => p.sku)).toEqual(['DEMO-COF-001']);

    const faceted = (await (await get('/api/v1/products?q=coffee&facets=true')).json()) as Page & {
      total: number;
      facets: { categories: Array<{ slug: string; count: number }> };
    };
    expect(faceted.total).toBeGreaterThan(1);
    expect(faceted.facets.categories.reduce((sum, c) => sum + c.count, 0)).toBe(faceted.total);

    const suggest = await get('/api/v1/products/suggest?q=cinn');
    expect(suggest.status).toBe(200);
    expect(await suggest.json()).toEqual({ items: [expect.objectContaining({ name: 'Cinnamon Roll' })] });

    const relevanceWithoutText = await get('/api/v1/products?sort=relevance');
    expect(relevanceWithoutText.status).toBe(400);
    expect(await relevanceWithoutText.json()).toMatchObject({ code: 'RELEVANCE_NEEDS_QUERY' });
  });

  it('when the query or the caller is wrong, then problem+json with the catalog code arrives through the gateway', async () => {
    const tooMany = await get('/api/v1/products?limit=101');
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ code: 'VALIDATION_FAILED' });

    const anonymous = await fetch(`${system.gatewayUrl}/api/v1/categories`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ slug: 'x', name: 'X' }),
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});
