import { events, handled, ownServiceForTests, productId, publish } from './support/recommendation-service';

describe('refusing bad requests', () => {
  const own = ownServiceForTests();
  let token: string;
  const known = productId();

  beforeAll(async () => {
    token = await own.issuer.sign({ sub: 'bad-input-user', roles: ['customer'] });
    await handled(own.svc, 'product.created', () => publish(own.svc, events.productCreated(known, 'Known', 'misc')));
  });

  const get = (url: string, withToken = true) =>
    own.svc.app.inject({ method: 'GET', url, headers: withToken ? { authorization: `Bearer ${token}` } : {} });

  it.each([
    ['limit 0', `/api/v1/products/${known}/also-bought?limit=0`],
    ['limit 101', `/api/v1/products/${known}/also-bought?limit=101`],
    ['a fractional limit', `/api/v1/products/${known}/also-bought?limit=1.5`],
    ['a limit that is no number', `/api/v1/products/${known}/also-bought?limit=ten`],
    ['an unknown query field', `/api/v1/products/${known}/also-bought?sort=score`],
    ['a malformed product id', '/api/v1/products/not-an-id/also-bought'],
    ['an operator where an id belongs', '/api/v1/products/%7B%22%24gt%22%3A%22%22%7D/also-bought'],
    ['limit 0 for the user', '/api/v1/recommendations/me?limit=0'],
    ['limit 101 for the user', '/api/v1/recommendations/me?limit=101'],
  ])('when a request carries %s, then 400 problem+json naming the field', async (_what, url) => {
    const res = await get(url);

    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [expect.objectContaining({})] });
  });

  it('when the limit is 1 or 100, then 200; a well-formed id of a product the service does not know is a 404 problem', async () => {
    expect((await get(`/api/v1/products/${known}/also-bought?limit=1`)).statusCode).toBe(200);
    expect((await get('/api/v1/recommendations/me?limit=100')).statusCode).toBe(200);

    const unknown = await get(`/api/v1/products/${productId()}/also-bought`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ status: 404, code: 'PRODUCT_NOT_FOUND' });
  });

  it('when "for you" is asked without a valid token, then 401, and "bought together" needs none', async () => {
    expect((await get('/api/v1/recommendations/me', false)).statusCode).toBe(401);
    expect(
      (
        await own.svc.app.inject({
          method: 'GET',
          url: '/api/v1/recommendations/me',
          headers: { authorization: 'Bearer nonsense' },
        })
      ).statusCode,
    ).toBe(401);
    expect((await get(`/api/v1/products/${known}/also-bought`, false)).statusCode).toBe(200);
  });
});
