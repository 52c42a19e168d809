import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { openSse, waitFor, withDeadline } from '@shopwire/testing';
import { startSystemOnOwnVhost, type OwnSystem } from './own-system';
import { badRequestCorpus, type BadRequest, type Role } from './security-corpus';

interface Party {
  id: string;
  email: string;
  token: string;
}

const PASSWORD = 'security suite password';
const ADMIN = { email: `sec-admin-${randomUUID().slice(0, 8)}@example.test`, password: 'security admin password' };
// Keys that must never leave a service: credentials, their hashes, and storage internals.
const FORBIDDEN_KEYS = [
  'password',
  'passwordHash',
  'hash',
  'salt',
  '__v',
  'outbox',
  'refreshTokens',
  'refreshTokenHash',
  'tokenHash',
  'privateKey',
];
const corpus = badRequestCorpus();

describe('security: bad input, authorisation and resource limits through the gateway', () => {
  let system: OwnSystem;
  let alice: Party;
  let bob: Party;
  let admin: Party;
  const fixtures: Record<string, string> = {};
  const seenBodies: Array<{ at: string; body: unknown }> = [];

  const send = async (
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; raw?: string | Buffer; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${system.gatewayUrl}${path}`, {
      method,
      headers,
      body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text for the assertions
    }
    seenBodies.push({ at: `${method} ${path.slice(0, 80)} -> ${res.status}`, body });
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      body: body as Record<string, unknown> & { items?: Array<Record<string, unknown>> },
    };
  };

  const newCustomer = async (): Promise<Party> => {
    const email = `sec-${randomUUID().slice(0, 8)}@example.test`;
    const created = await send('POST', '/api/v1/auth/register', {
      body: { email, password: PASSWORD, name: 'Sec Customer' },
    });
    expect(created.status).toBe(201);
    return { id: String(created.body.id), email, token: await login(email, PASSWORD) };
  };
  const login = async (email: string, password: string): Promise<string> => {
    const res = await send('POST', '/api/v1/auth/login', { body: { email, password } });
    expect(res.status).toBe(200);
    return String(res.body.accessToken);
  };
  const tokenOf = (role: Role): string | undefined =>
    role === 'admin' ? admin.token : role === 'customer' ? alice.token : undefined;
  const fill = (text: string): string =>
    text.replace(/\{(\w+)\}/g, (_, key: string) =>
      key === 'unique' ? randomUUID().slice(0, 8) : (fixtures[key] ?? key),
    );

  beforeAll(async () => {
    system = await startSystemOnOwnVhost({}, ADMIN);
    [alice, bob] = [await newCustomer(), await newCustomer()];
    admin = { id: '', email: ADMIN.email, token: await login(ADMIN.email, ADMIN.password) };
    fixtures.customer = bob.id;
    fixtures.category = `sec-${randomUUID().slice(0, 8)}`;
    expect(
      (
        await send('POST', '/api/v1/categories', {
          token: admin.token,
          body: { slug: fixtures.category, name: 'Security' },
        })
      ).status,
    ).toBe(201);
    const product = await send('POST', '/api/v1/products', {
      token: admin.token,
      body: {
        sku: `SEC-${randomUUID().slice(0, 8)}`,
        name: 'Guarded thing',
        category: fixtures.category,
        price: { amount: 500, currency: 'EUR' },
        stock: { available: 1000 },
      },
    });
    expect(product.status).toBe(201);
    fixtures.product = String(product.body.id);
  }, 120000);

  afterAll(() => system?.stop());

  describe(`a corpus of ${corpus.length} bad requests`, () => {
    it('has at least 200 requests', () => {
      expect(corpus.length).toBeGreaterThanOrEqual(200);
    });

    it.each(corpus.map((c) => [`${c.name} → ${c.expected.status} ${c.expected.code}`, c] as [string, BadRequest]))(
      '%s',
      async (_name, bad) => {
        const raw = typeof bad.body === 'string' ? fill(bad.body) : bad.body;
        const headers = Object.fromEntries(Object.entries(bad.headers ?? {}).map(([k, v]) => [k, fill(v)]));
        const res = await send(bad.method, fill(bad.path), { token: tokenOf(bad.role), raw, headers });
        expect({
          status: res.status,
          code: res.body?.code,
          problem: res.contentType.includes('application/problem+json'),
        }).toEqual({ ...bad.expected, problem: true });
        expect(res.body).toMatchObject({ status: res.status });
        expect(JSON.stringify(res.body)).not.toMatch(
          /node_modules|MongoServerError|\n\s+at |ECONNREFUSED|127\.0\.0\.1/,
        );
      },
    );

    it('leaves every process running and the system ready', async () => {
      const dead = Object.entries(system.processes)
        .filter(([, p]) => p.child.exitCode !== null || p.child.signalCode !== null)
        .map(([name]) => name);
      expect(dead).toEqual([]);
      expect((await send('GET', '/health/ready')).status).toBe(200);
    });
  });

  describe('object-level authorisation (API1)', () => {
    let order: string;
    let addressId: string;
    let notificationId: string;

    beforeAll(async () => {
      const placed = await send('POST', '/api/v1/orders', {
        token: alice.token,
        headers: { 'idempotency-key': `sec-bola-${randomUUID()}` },
        body: {
          items: [{ productId: fixtures.product, quantity: 1 }],
          shippingAddress: { name: 'Alice', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
          payment: { method: 'card', token: 'tok_visa' },
        },
      });
      expect(placed.status).toBe(202);
      order = String(placed.body.id);
      const address = await send('POST', '/api/v1/users/me/addresses', {
        token: alice.token,
        body: { label: 'home', name: 'Alice', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
      });
      expect(address.status).toBe(201);
      addressId = String(address.body.id);
      notificationId = await waitFor(
        async () =>
          String((await send('GET', '/api/v1/notifications', { token: alice.token })).body.items?.[0]?.id ?? ''),
        {
          timeoutMs: 20000,
          description: "alice's welcome notification",
        },
      );
    });

    it("when bob asks for alice's order, then he gets 404 like for a missing one, and cannot cancel it", async () => {
      expect((await send('GET', `/api/v1/orders/${order}`, { token: bob.token })).status).toBe(404);
      expect((await send('POST', `/api/v1/orders/${order}/cancel`, { token: bob.token })).status).toBe(404);
      const list = await send('GET', '/api/v1/orders', { token: bob.token });
      expect(list.body.items?.map((o) => o.id)).not.toContain(order);
      expect(
        (await send('GET', `/api/v1/orders?userId=${alice.id}`, { token: bob.token })).body.items?.map((o) => o.id) ??
          [],
      ).not.toContain(order);
      const own = await send('GET', `/api/v1/orders/${order}`, { token: alice.token });
      expect(own.status).toBe(200);
      expect(own.body.status).not.toBe('cancelled');
    });

    it("when the admin asks for alice's order, then it is there", async () => {
      const res = await send('GET', `/api/v1/orders/${order}`, { token: admin.token });
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(order);
    });

    it("when bob deletes alice's address or reads her notification, then 404 and hers are untouched", async () => {
      expect((await send('DELETE', `/api/v1/users/me/addresses/${addressId}`, { token: bob.token })).status).toBe(404);
      expect((await send('POST', `/api/v1/notifications/${notificationId}/read`, { token: bob.token })).status).toBe(
        404,
      );
      const addresses = await send('GET', '/api/v1/users/me/addresses', { token: alice.token });
      const list = Array.isArray(addresses.body)
        ? (addresses.body as Array<Record<string, unknown>>)
        : (addresses.body.items ?? []);
      expect(list.map((a) => a.id)).toContain(addressId);
      const unread = await send('GET', '/api/v1/notifications?unread=true', { token: alice.token });
      expect(unread.body.items?.map((n) => n.id)).toContain(notificationId);
      expect(
        (await send('GET', '/api/v1/notifications', { token: bob.token })).body.items?.map((n) => n.id),
      ).not.toContain(notificationId);
    });
  });

  describe('function-level authorisation (API5)', () => {
    // Every row has three cells: Jest would take a missing third parameter for a `done` callback.
    const adminRoutes: Array<[string, string, unknown]> = [
      ['GET', '/api/v1/users', undefined],
      ['PATCH', '/api/v1/users/{customer}/roles', { roles: ['admin'] }],
      [
        'POST',
        '/api/v1/products',
        { sku: 'SEC-CUST-1', name: 'x', category: 'x', price: { amount: 1, currency: 'EUR' } },
      ],
      ['PATCH', '/api/v1/products/{product}', { name: 'taken over' }],
      ['DELETE', '/api/v1/products/{product}', undefined],
      ['PUT', '/api/v1/products/{product}/stock', { available: 0 }],
      ['POST', '/api/v1/categories', { slug: 'sec-cust', name: 'x' }],
      ['POST', '/api/v1/orders/{product}/ship', undefined],
      ['POST', '/api/v1/orders/{product}/deliver', undefined],
      ['GET', '/api/v1/reports/sales?from=2026-01-01&to=2026-12-31', undefined],
    ];

    it.each(adminRoutes)('when a customer calls %s %s, then 403 problem+json', async (method, path, body) => {
      const res = await send(method, fill(path), { token: alice.token, body });
      expect({ status: res.status, code: typeof res.body?.code }).toEqual({ status: 403, code: 'string' });
    });

    it.each(adminRoutes)('when nobody is logged in and calls %s %s, then 401', async (method, path, body) => {
      expect((await send(method, fill(path), { body })).status).toBe(401);
    });

    it('after all that, the product is unchanged and bob is still a customer', async () => {
      const product = await send('GET', `/api/v1/products/${fixtures.product}`);
      expect(product.body).toMatchObject({
        name: 'Guarded thing',
        active: true,
        stock: { available: expect.any(Number) },
      });
      expect((product.body.stock as { available: number }).available).toBeGreaterThan(0);
      const users = await send('GET', '/api/v1/users?limit=100', { token: admin.token });
      const listed = (users.body.items ?? []).find((u) => u.id === bob.id);
      expect(listed?.roles).toEqual(['customer']);
    });
  });

  describe('property-level authorisation (API3)', () => {
    it('when a customer sends roles or an id on register or profile update, then 400 and nothing changes', async () => {
      const email = `sec-mass-${randomUUID().slice(0, 8)}@example.test`;
      expect(
        (
          await send('POST', '/api/v1/auth/register', {
            body: { email, password: PASSWORD, name: 'M', roles: ['admin'] },
          })
        ).status,
      ).toBe(400);
      expect((await send('PATCH', '/api/v1/users/me', { token: bob.token, body: { roles: ['admin'] } })).status).toBe(
        400,
      );
      expect(
        (
          await send('PATCH', '/api/v1/users/me', {
            token: bob.token,
            body: { name: 'Bob', email: 'other@example.test' },
          })
        ).status,
      ).toBe(400);
      const me = await send('GET', '/api/v1/users/me', { token: bob.token });
      expect(me.body).toMatchObject({ email: bob.email, roles: ['customer'] });
    });

    it('when an order names its own price, status or total, then 400', async () => {
      const base = {
        items: [{ productId: fixtures.product, quantity: 1 }],
        shippingAddress: { name: 'Alice', line1: 'l', city: 'c', postalCode: '1', country: 'DE' },
        payment: { method: 'card', token: 'tok_visa' },
      };
      for (const extra of [
        { status: 'confirmed' },
        { total: { amount: 0, currency: 'EUR' } },
        { userId: bob.id },
        { items: [{ productId: fixtures.product, quantity: 1, unitPrice: 0 }] },
      ]) {
        const res = await send('POST', '/api/v1/orders', {
          token: alice.token,
          headers: { 'idempotency-key': `sec-mass-${randomUUID()}` },
          body: { ...base, ...extra },
        });
        expect(res.status).toBe(400);
      }
    });

    it('no response of the whole suite carries a password, a hash, a private key or storage internals', () => {
      const leaks: string[] = [];
      const walk = (value: unknown, at: string): void => {
        if (Array.isArray(value)) value.forEach((v) => walk(v, at));
        else if (value && typeof value === 'object') {
          for (const [key, inner] of Object.entries(value)) {
            if (FORBIDDEN_KEYS.includes(key)) leaks.push(`${at}: ${key}`);
            walk(inner, at);
          }
        }
      };
      for (const seen of seenBodies) walk(seen.body, seen.at);
      expect(seenBodies.length).toBeGreaterThan(corpus.length);
      expect(leaks).toEqual([]);
    });
  });

  describe('sessions (API2)', () => {
    const tokensOf = async (email: string) => {
      const res = await send('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
      expect(res.status).toBe(200);
      return { accessToken: String(res.body.accessToken), refreshToken: String(res.body.refreshToken) };
    };

    it("when someone knowing only a session's id logs it out or refreshes it with a wrong secret, then logout 204, refresh 401 INVALID_REFRESH_TOKEN, and the owner's token still refreshes", async () => {
      const { refreshToken } = await tokensOf(alice.email);
      const forged = `${refreshToken.split('.')[0]}.${'A'.repeat(43)}`;

      expect((await send('POST', '/api/v1/auth/logout', { body: { refreshToken: forged } })).status).toBe(204);
      const refused = await send('POST', '/api/v1/auth/refresh', { body: { refreshToken: forged } });
      expect([refused.status, refused.body.code]).toEqual([401, 'INVALID_REFRESH_TOKEN']);

      expect((await send('POST', '/api/v1/auth/refresh', { body: { refreshToken } })).status).toBe(200);
    });

    it('when one account logs in twice in a row, then the two session ids are 128 random bits with no common prefix', async () => {
      const ids = [await tokensOf(bob.email), await tokensOf(bob.email)].map(
        ({ refreshToken }) => refreshToken.split('.')[0] ?? '',
      );
      for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      const [a, b] = ids.map((id) => Buffer.from(id, 'base64url'));
      expect(a?.subarray(0, 4).equals(b?.subarray(0, 4) ?? Buffer.alloc(0))).toBe(false);
    });
  });

  describe('concurrent writes', () => {
    it('when 25 addresses are added at the same moment, then none is a 5xx: each is 201 and stored, or 409 TOO_MANY_ADDRESSES', async () => {
      const carol = await newCustomer();
      const address = { name: 'Carol', line1: '1 Main Street', city: 'Berlin', postalCode: '10115', country: 'DE' };

      const results = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          send('POST', '/api/v1/users/me/addresses', { token: carol.token, body: { ...address, label: `p${i}` } }),
        ),
      );

      const created = results.filter((r) => r.status === 201).map((r) => String(r.body.id));
      const others = results.filter((r) => r.status !== 201).map((r) => [r.status, r.body.code]);
      expect(others).toEqual(others.map(() => [409, 'TOO_MANY_ADDRESSES']));
      expect(created).toHaveLength(20);
      const stored = await send('GET', '/api/v1/users/me/addresses', { token: carol.token });
      expect((stored.body.items ?? []).map((a) => String(a.id)).sort()).toEqual(created.sort());
    });
  });

  describe('tokens already issued, after deletion or a change of roles (API2, API5; issue 22 points 2 and 3)', () => {
    const direct = async (
      service: 'user-service' | 'order-service' | 'notification-service' | 'catalog-service',
      method: string,
      path: string,
      token: string,
      body?: unknown,
    ) => {
      const res = await fetch(`http://127.0.0.1:${system.ports[service]}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': randomUUID() }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const revoked = { status: 401, body: { status: 401, code: 'TOKEN_REVOKED' } };
    const order = () => ({
      items: [{ productId: fixtures.product, quantity: 1 }],
      shippingAddress: { name: 'Frank', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
      payment: { method: 'card', token: 'tok_visa' },
    });

    it('when an account is deleted, then its token is refused at once at the gateway and at every service, no order is placed with it, and its open stream ends', async () => {
      const frank = await newCustomer();
      const stream = await openSse(`${system.gatewayUrl}/api/v1/notifications/stream`, {
        authorization: `Bearer ${frank.token}`,
      });
      expect(stream.status).toBe(200);

      expect((await send('DELETE', '/api/v1/users/me', { token: frank.token })).status).toBe(204);

      await withDeadline(stream.ended, 10000, "the deleted account's stream to end");
      const placed = await waitFor(
        async () => {
          const res = await send('POST', '/api/v1/orders', {
            token: frank.token,
            headers: { 'idempotency-key': randomUUID() },
            body: order(),
          });
          return res.status === 202 ? undefined : res;
        },
        { timeoutMs: 10000, description: "an order with the deleted account's token to be refused" },
      );
      expect({ status: placed.status, body: placed.body }).toMatchObject(revoked);
      expect(await direct('order-service', 'POST', '/api/v1/orders', frank.token, order())).toMatchObject(revoked);
      expect(await direct('order-service', 'GET', '/api/v1/orders', frank.token)).toMatchObject(revoked);
      expect(await direct('notification-service', 'GET', '/api/v1/notifications', frank.token)).toMatchObject(revoked);
      expect(
        await direct('catalog-service', 'POST', '/api/v1/categories', frank.token, {
          slug: `sec-${randomUUID().slice(0, 8)}`,
          name: 'Deleted',
        }),
      ).toMatchObject(revoked);
      expect(await direct('user-service', 'GET', '/api/v1/users/me', frank.token)).toMatchObject(revoked);
      const reopened = await openSse(`${system.gatewayUrl}/api/v1/notifications/stream`, {
        authorization: `Bearer ${frank.token}`,
      });
      expect([reopened.status, JSON.parse(await reopened.body()).code]).toEqual([401, 'TOKEN_REVOKED']);
    });

    it("when an admin is demoted, then the admin token is refused at once (users list, sales report, stream), and a refresh gets a customer's token", async () => {
      const erin = await newCustomer();
      const grant = await send('PATCH', `/api/v1/users/${erin.id}/roles`, {
        token: admin.token,
        body: { roles: ['admin', 'customer'] },
      });
      expect(grant.status).toBe(200);
      const asAdmin = await send('POST', '/api/v1/auth/login', { body: { email: erin.email, password: PASSWORD } });
      const adminToken = String(asAdmin.body.accessToken);
      expect((await send('GET', '/api/v1/users?limit=1', { token: adminToken })).status).toBe(200);
      // Erin's customer token from before the grant is refused too: it was issued before the change of roles.
      const stream = await openSse(`${system.gatewayUrl}/api/v1/notifications/stream`, {
        authorization: `Bearer ${adminToken}`,
      });
      expect(stream.status).toBe(200);

      expect(
        (await send('PATCH', `/api/v1/users/${erin.id}/roles`, { token: admin.token, body: { roles: ['customer'] } }))
          .status,
      ).toBe(200);

      await withDeadline(stream.ended, 10000, "the demoted admin's stream to end");
      const listed = await waitFor(
        async () => {
          const res = await send('GET', '/api/v1/users?limit=1', { token: adminToken });
          return res.status === 200 ? undefined : res;
        },
        { timeoutMs: 10000, description: "the demoted admin's token to be refused" },
      );
      expect({ status: listed.status, body: listed.body }).toMatchObject(revoked);
      expect(await direct('user-service', 'GET', '/api/v1/users?limit=1', adminToken)).toMatchObject(revoked);
      expect(
        await direct('order-service', 'GET', '/api/v1/reports/sales?from=2026-01-01&to=2026-12-31', adminToken),
      ).toMatchObject(revoked);
      expect(
        await direct('catalog-service', 'POST', '/api/v1/categories', adminToken, {
          slug: `sec-${randomUUID().slice(0, 8)}`,
          name: 'Demoted',
        }),
      ).toMatchObject(revoked);
      expect(await direct('order-service', 'GET', '/api/v1/orders', erin.token)).toMatchObject(revoked);

      const refreshed = await send('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: String(asAdmin.body.refreshToken) },
      });
      expect(refreshed.status).toBe(200);
      const customerToken = String(refreshed.body.accessToken);
      const now = await send('GET', '/api/v1/users?limit=1', { token: customerToken });
      expect([now.status, now.body.code]).toEqual([403, 'FORBIDDEN']);
      expect((await send('GET', '/api/v1/users/me', { token: customerToken })).body).toMatchObject({
        id: erin.id,
        roles: ['customer'],
      });
    });
  });

  describe('text and links that reach emails and pages (API8; issue 22, point 8)', () => {
    const straight = async (
      service: 'user-service' | 'catalog-service',
      method: string,
      path: string,
      body: unknown,
      token?: string,
    ) => {
      const res = await fetch(`http://127.0.0.1:${system.ports[service]}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const refused = { status: 400, body: { status: 400, code: 'VALIDATION_FAILED' } };

    it.each([
      ['a NUL', 'Eve\u0000'],
      ['a CR LF and a header', 'Eve\r\nBcc: everyone@example.test'],
      ['an escape sequence', '\u001b[31mEve'],
    ])(
      'when a name holds %s, then register is 400 VALIDATION_FAILED at the gateway and at user-service',
      async (_what, name) => {
        const body = { email: `sec-${randomUUID().slice(0, 8)}@example.test`, password: PASSWORD, name };
        const viaGateway = await send('POST', '/api/v1/auth/register', { body });
        expect({ status: viaGateway.status, body: viaGateway.body }).toMatchObject(refused);
        expect(await straight('user-service', 'POST', '/api/v1/auth/register', body)).toMatchObject(refused);
      },
    );

    it('when an address line holds a control character, then 400 VALIDATION_FAILED and nothing is saved', async () => {
      const res = await send('POST', '/api/v1/users/me/addresses', {
        token: bob.token,
        body: { name: 'Bob', line1: 'Main St\u0007', city: 'Berlin', postalCode: '10115', country: 'DE' },
      });
      expect({ status: res.status, body: res.body }).toMatchObject(refused);
    });

    it.each(['javascript:alert(document.cookie)', 'data:text/html;base64,PHNjcmlwdD4=', '//evil.example.test/x.png'])(
      'when a product image URL is %s, then 400 VALIDATION_FAILED at the gateway and at catalog-service',
      async (url) => {
        const body = {
          sku: `SEC-IMG-${randomUUID().slice(0, 8)}`,
          name: 'Picture',
          category: fixtures.category,
          price: { amount: 100, currency: 'EUR' },
          images: [url],
        };
        const viaGateway = await send('POST', '/api/v1/products', { token: admin.token, body });
        expect({ status: viaGateway.status, body: viaGateway.body }).toMatchObject(refused);
        expect(await straight('catalog-service', 'POST', '/api/v1/products', body, admin.token)).toMatchObject(refused);
        expect(
          (await send('PATCH', `/api/v1/products/${fixtures.product}`, { token: admin.token, body: { images: [url] } }))
            .status,
        ).toBe(400);
      },
    );

    it('when a description has line breaks and tabs and an image is https, then the product is created', async () => {
      const body = {
        sku: `SEC-OK-${randomUUID().slice(0, 8)}`,
        name: 'Fine',
        category: fixtures.category,
        price: { amount: 100, currency: 'EUR' },
        description: 'one\ntwo\r\n\tthree',
        images: ['https://cdn.example.test/fine.png'],
      };
      const res = await send('POST', '/api/v1/products', { token: admin.token, body });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        description: 'one\ntwo\r\n\tthree',
        images: ['https://cdn.example.test/fine.png'],
      });
    });
  });

  describe('the configured admin (API5)', () => {
    it('when a customer holds ADMIN_EMAIL at a restart of user-service, then that account stays a customer', async () => {
      const dave = await newCustomer();
      await system.processes['user-service'].stop('SIGTERM', 12000);
      await system.start('user-service', { ADMIN_EMAIL: dave.email, ADMIN_PASSWORD: 'another admin password' });
      const userService = system.processes['user-service'];
      await waitFor(() => userService.output().includes('ADMIN_EMAIL belongs to an account without the admin role'), {
        timeoutMs: 30000,
        description: 'user-service to leave the account as it is',
      });
      await waitFor(async () => (await fetch(`${system.gatewayUrl}/health/ready`)).status === 200, {
        timeoutMs: 30000,
        description: 'the system ready again',
      });

      const token = await login(dave.email, PASSWORD);
      expect((await send('GET', '/api/v1/users', { token })).status).toBe(403);
      const asAdmin = await send('POST', '/api/v1/auth/login', {
        body: { email: dave.email, password: 'another admin password' },
      });
      expect([asAdmin.status, asAdmin.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    });
  });

  describe('paths and the cost of refusing (issue 22, points 5, 6, 8)', () => {
    // node:http sends the path exactly as written (fetch would resolve dot segments); these paths are not the document's
    // literal paths, so the answers are checked here rather than against the OpenAPI document.
    const raw = (method: string, url: string, init: { headers?: Record<string, string>; body?: string } = {}) =>
      new Promise<{ status: number; headers: { get(name: string): string | null }; json(): Promise<unknown> }>(
        (resolve, reject) => {
          const { host, pathname, search } = new URL(url);
          const target = url.slice(url.indexOf(host) + host.length) || `${pathname}${search}`;
          const req = httpRequest(`http://${host}${target}`, { method, headers: init.headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString();
              const header = (name: string) => {
                const value = res.headers[name];
                return value === undefined ? null : String(value);
              };
              resolve({
                status: res.statusCode ?? 0,
                headers: { get: header },
                json: async () => JSON.parse(text) as unknown,
              });
            });
          });
          req.on('error', reject);
          req.end(init.body);
        },
      );
    const registerBody = () =>
      JSON.stringify({ email: `sec-${randomUUID().slice(0, 8)}@example.test`, password: PASSWORD, name: 'Encoded' });
    const json = { 'content-type': 'application/json' };

    it('when register is called as regist%65r, then it is register and spends the same per-address credentials budget', async () => {
      const plain = await raw('POST', `${system.gatewayUrl}/api/v1/auth/register`, {
        headers: json,
        body: registerBody(),
      });
      const encoded = await raw('POST', `${system.gatewayUrl}/api/v1/auth/regist%65r`, {
        headers: json,
        body: registerBody(),
      });
      expect([plain.status, encoded.status]).toEqual([201, 201]);
      expect(
        Number(plain.headers.get('x-ratelimit-remaining')) - Number(encoded.headers.get('x-ratelimit-remaining')),
      ).toBe(1);
    });

    it.each(['/api/v1/%6frders', '/api/v1//orders', '/api/v1/products/%2e%2e/orders'])(
      'when %s is called without a token, then 401 AUTHENTICATION_REQUIRED',
      async (path) => {
        const res = await raw('GET', `${system.gatewayUrl}${path}`);
        expect({ status: res.status, body: await res.json() }).toMatchObject({
          status: 401,
          body: { status: 401, code: 'AUTHENTICATION_REQUIRED' },
        });
      },
    );

    it('when a path has a broken escape, then 400 MALFORMED_URL problem+json with x-request-id and the security headers, at the gateway and at a service', async () => {
      for (const base of [system.gatewayUrl, `http://127.0.0.1:${system.ports['catalog-service']}`]) {
        const res = await raw('GET', `${base}/api/v1/products/%ZZ`);
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(await res.json()).toMatchObject({ status: 400, code: 'MALFORMED_URL' });
        expect(res.headers.get('x-request-id')).toEqual(expect.any(String));
        if (base === system.gatewayUrl) expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      }
    });

    it('when an order of 120,000 empty items is posted, then 400 VALIDATION_FAILED with a short list of field errors', async () => {
      const body = JSON.stringify({
        items: Array.from({ length: 120_000 }, () => ({})),
        payment: { method: 'card', token: 'tok_visa' },
      });
      const res = await send('POST', '/api/v1/orders', {
        token: alice.token,
        raw: body,
        headers: { ...json, 'idempotency-key': randomUUID() },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect((res.body.errors as unknown[]).length).toBeLessThanOrEqual(3);
    });

    it('when register carries 90,000 unknown keys, then 400 VALIDATION_FAILED naming one', async () => {
      const flood = Object.fromEntries(Array.from({ length: 90_000 }, (_, i) => [`k${i}`, 0]));
      const res = await send('POST', '/api/v1/auth/register', {
        raw: JSON.stringify({ ...JSON.parse(registerBody()), ...flood }),
        headers: json,
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'body/k0', message: 'is not an allowed field' }],
      });
    });

    it('when a bad order without a token goes straight to order-service, then 401 AUTHENTICATION_REQUIRED, not the field errors', async () => {
      const res = await raw('POST', `http://127.0.0.1:${system.ports['order-service']}/api/v1/orders`, {
        headers: { ...json, 'idempotency-key': randomUUID() },
        body: '{"items":[{},{},{}]}',
      });
      expect({ status: res.status, body: await res.json() }).toMatchObject({
        status: 401,
        body: { status: 401, code: 'AUTHENTICATION_REQUIRED' },
      });
    });
  });

  describe('resource consumption (API4)', () => {
    it('when a page of 1000 products is asked for, then it is refused or capped at 100', async () => {
      const res = await send('GET', '/api/v1/products?limit=1000');
      if (res.status === 200) expect(res.body.items?.length ?? 0).toBeLessThanOrEqual(100);
      else expect(res.status).toBe(400);
    });

    it('when a body is over 1 MiB, then 413 before any service sees it', async () => {
      const res = await send('POST', '/api/v1/auth/register', {
        raw: JSON.stringify({ email: 'big@example.test', password: PASSWORD, name: 'x'.repeat(1024 * 1024 + 1) }),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(413);
      expect(res.contentType).toContain('application/problem+json');
    });

    it("when one customer opens more live streams than allowed, then 429 TOO_MANY_STREAMS, and another customer's stream still opens", async () => {
      const greedy = await newCustomer();
      const open = (party: Party) =>
        openSse(`${system.gatewayUrl}/api/v1/notifications/stream`, { authorization: `Bearer ${party.token}` });
      const held = [await open(greedy), await open(greedy), await open(greedy)];
      try {
        expect(held.map((s) => s.status)).toEqual([200, 200, 200]);
        const refused = await open(greedy);
        expect(refused.status).toBe(429);
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
        expect(JSON.parse(await refused.body())).toMatchObject({ status: 429, code: 'TOO_MANY_STREAMS' });
        const other = await open(bob);
        expect(other.status).toBe(200);
        other.close();
      } finally {
        for (const stream of held) stream.close();
      }
    });

    it('when one client goes over its request budget, then 429 with Retry-After, and the system stays up', async () => {
      await system.processes['api-gateway'].stop('SIGTERM', 12000);
      await system.start('api-gateway', { RATE_LIMIT_ANONYMOUS_MAX: '20', RATE_LIMIT_WINDOW_MS: '60000' });
      await waitFor(async () => (await fetch(`${system.gatewayUrl}/health/ready`)).status === 200, {
        timeoutMs: 30000,
        description: 'the gateway back',
      });
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 40; i++) {
        const res = await fetch(`${system.gatewayUrl}/api/v1/products?limit=1`);
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
        await res.arrayBuffer();
      }
      expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
      expect(statuses).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    });
  });
});
