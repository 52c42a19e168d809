import { bearer, newAccount, startUserService, type TestUserService } from './support/user-service';

const home = { label: 'home', line1: '1 Main Street', city: 'Berlin', postalCode: '10115', country: 'DE' };

describe('delivery addresses', () => {
  let service: TestUserService;
  beforeAll(async () => {
    service = await startUserService();
  });
  afterAll(() => service?.close());

  const call = (token: string, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) =>
    service.app.inject({ method, url, headers: { ...bearer(token), ...(body ? { 'content-type': 'application/json' } : {}) }, payload: body ? JSON.stringify(body) : undefined });

  it('when an address is added, then it is listed with an id; when removed, then it is gone', async () => {
    const { accessToken } = await newAccount(service.app);

    const added = await call(accessToken, 'POST', '/api/v1/users/me/addresses', { ...home, line2: 'Floor 3' });
    expect(added.statusCode).toBe(201);
    const address = added.json();
    expect(address).toEqual({ id: expect.any(String), ...home, line2: 'Floor 3' });
    const second = (await call(accessToken, 'POST', '/api/v1/users/me/addresses', { ...home, label: 'work' })).json();
    expect((await call(accessToken, 'GET', '/api/v1/users/me/addresses')).json()).toEqual({ items: [address, second] });

    expect((await call(accessToken, 'DELETE', `/api/v1/users/me/addresses/${address.id}`)).statusCode).toBe(204);
    expect((await call(accessToken, 'GET', '/api/v1/users/me/addresses')).json()).toEqual({ items: [second] });
  });

  it("when someone deletes another user's address, then 404 and the address stays", async () => {
    const owner = await newAccount(service.app);
    const stranger = await newAccount(service.app);
    const address = (await call(owner.accessToken, 'POST', '/api/v1/users/me/addresses', home)).json();

    const res = await call(stranger.accessToken, 'DELETE', `/api/v1/users/me/addresses/${address.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'ADDRESS_NOT_FOUND' });
    expect((await call(owner.accessToken, 'GET', '/api/v1/users/me/addresses')).json().items).toHaveLength(1);
  });

  it('when the id is malformed, then 404', async () => {
    const { accessToken } = await newAccount(service.app);
    expect((await call(accessToken, 'DELETE', '/api/v1/users/me/addresses/not-an-id')).statusCode).toBe(404);
  });

  it.each([
    ['an unknown field', { ...home, isDefault: true }],
    ['a missing city', { ...home, city: undefined }],
    ['a country that is not ISO 3166 alpha-2', { ...home, country: 'Germany' }],
    ['a number for a string', { ...home, postalCode: 10115 }],
  ])('when an address has %s, then 400', async (_case, body) => {
    const { accessToken } = await newAccount(service.app);
    expect((await call(accessToken, 'POST', '/api/v1/users/me/addresses', body)).statusCode).toBe(400);
  });

  it('when two addresses are added at the same moment, then both are kept', async () => {
    const { accessToken } = await newAccount(service.app);

    const results = await Promise.all(['a', 'b', 'c'].map((label) => call(accessToken, 'POST', '/api/v1/users/me/addresses', { ...home, label })));

    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    const labels = (await call(accessToken, 'GET', '/api/v1/users/me/addresses')).json().items.map((a: { label: string }) => a.label);
    expect(labels.sort()).toEqual(['a', 'b', 'c']);
  });
});
