import { mongo } from 'mongoose';
import { sampleAddress, testEnv, unique, waitFor, type CollectedEvents } from '@shopwire/testing';
import { bearer, newAccount, startUserService, useUserService, type TestUserService } from './support/user-service';

const home = sampleAddress();

interface AddressBook {
  userId: string;
  revision: number;
  addresses: Array<Record<string, unknown>>;
}

describe('delivery addresses', () => {
  let service: TestUserService;
  let events: CollectedEvents;
  useUserService(['user.addresses.changed'], (started, collected) => ([service, events] = [started, collected]));

  const bookOf = (userId: string, count: number) =>
    events
      .waitFor((e) => (e.data as AddressBook).userId === userId && (e.data as AddressBook).addresses.length === count)
      .then((e) => ({ ...e, data: e.data as AddressBook }));

  const call = (token: string, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) =>
    service.app.inject({
      method,
      url,
      headers: { ...bearer(token), ...(body ? { 'content-type': 'application/json' } : {}) },
      payload: body ? JSON.stringify(body) : undefined,
    });

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

  it('when an address is saved, then user.addresses.changed carries the whole book at a new revision with the request id; a removal publishes the smaller book at a higher one', async () => {
    const { id, accessToken } = await newAccount(service.app);

    const added = await service.app.inject({
      method: 'POST',
      url: '/api/v1/users/me/addresses',
      headers: { ...bearer(accessToken), 'content-type': 'application/json', 'x-request-id': 'address-req-1' },
      payload: JSON.stringify(home),
    });
    const saved = await bookOf(id, 1);
    await call(accessToken, 'DELETE', `/api/v1/users/me/addresses/${added.json().id}`);
    const emptied = await bookOf(id, 0);

    expect(saved).toMatchObject({
      source: 'user-service',
      correlationId: 'address-req-1',
      data: { userId: id, addresses: [{ id: added.json().id, ...home }] },
    });
    expect(emptied.data.revision).toBeGreaterThan(saved.data.revision);
  });

  it('when an address has no label, then it is saved without one; without a recipient name, then 400', async () => {
    const { accessToken } = await newAccount(service.app);
    const { label: _label, ...unlabelled } = home;
    const { name: _name, ...unnamed } = home;

    const saved = await call(accessToken, 'POST', '/api/v1/users/me/addresses', unlabelled);
    const refused = await call(accessToken, 'POST', '/api/v1/users/me/addresses', unnamed);

    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toEqual({ id: expect.any(String), ...unlabelled });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: expect.stringContaining('name') })]);
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
    ['an empty recipient name', { ...home, name: '' }],
    ['a country that is not ISO 3166 alpha-2', { ...home, country: 'Germany' }],
    ['a number for a string', { ...home, postalCode: 10115 }],
  ])('when an address has %s, then 400', async (_case, body) => {
    const { accessToken } = await newAccount(service.app);
    expect((await call(accessToken, 'POST', '/api/v1/users/me/addresses', body)).statusCode).toBe(400);
  });

  it('when two addresses are added at the same moment, then both are kept', async () => {
    const { accessToken } = await newAccount(service.app);

    const results = await Promise.all(
      ['a', 'b', 'c'].map((label) => call(accessToken, 'POST', '/api/v1/users/me/addresses', { ...home, label })),
    );

    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    const labels = (await call(accessToken, 'GET', '/api/v1/users/me/addresses'))
      .json()
      .items.map((a: { label: string }) => a.label);
    expect(labels.sort()).toEqual(['a', 'b', 'c']);
  });

  it('when 25 addresses are added at the same moment, then none answers 5xx: each is stored (201) or refused with 409 TOO_MANY_ADDRESSES, and the book holds every 201', async () => {
    const { accessToken } = await newAccount(service.app);

    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        call(accessToken, 'POST', '/api/v1/users/me/addresses', { ...home, label: `p${i}` }),
      ),
    );

    const created = results.filter((r) => r.statusCode === 201).map((r) => r.json().id as string);
    const others = results.filter((r) => r.statusCode !== 201);
    expect(others.map((r) => [r.statusCode, r.json().code])).toEqual(others.map(() => [409, 'TOO_MANY_ADDRESSES']));
    expect(created).toHaveLength(20);
    const stored = (await call(accessToken, 'GET', '/api/v1/users/me/addresses'))
      .json()
      .items.map((a: { id: string }) => a.id);
    expect(stored.sort()).toEqual(created.sort());
  });

  it('when accounts saved addresses before they had recipients and were published, then at start-up each book is published, addressed to the account holder', async () => {
    const dbName = unique('users-old');
    const probe = await new mongo.MongoClient(testEnv.mongoUrl).connect();
    const userId = new mongo.ObjectId();
    const email = `${unique('veteran')}@example.com`;
    const now = new Date();
    const { name: _name, ...unnamed } = home;
    const addressId = new mongo.ObjectId();
    await probe
      .db(dbName)
      .collection('users')
      .insertOne({
        _id: userId,
        email,
        emailNormalized: email,
        name: 'Grace Hopper',
        passwordHash: null,
        roles: ['customer'],
        addresses: [{ _id: addressId, ...unnamed }],
        deletedAt: null,
        createdAt: now,
        updatedAt: now,
        outbox: [],
        __v: 3,
      });
    const upgraded = await startUserService({ MONGO_DB: dbName });
    try {
      const published = await bookOf(userId.toHexString(), 1);

      expect(published.data).toEqual({
        userId: userId.toHexString(),
        revision: 4,
        addresses: [{ id: addressId.toHexString(), ...home, name: 'Grace Hopper' }],
      });
      const stored = await waitFor(
        () => probe.db(dbName).collection('users').findOne({ _id: userId, 'addresses.name': 'Grace Hopper' }),
        { timeoutMs: 10000, description: 'the recipient stored' },
      );
      expect(stored.__v).toBe(4);
    } finally {
      await upgraded.close();
      await probe.close();
    }
  });
});
