import { testEnv, unique, waitFor, startSystem, type RunningSystem } from '@shopwire/testing';
import { decodeJwt, decodeProtectedHeader, type JWK } from 'jose';
import { forgedTokens, newSigningKey, sign } from './identity-tokens';

interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

describe('identity through the gateway', () => {
  let system: RunningSystem;
  let keyA: JWK;
  const serviceUrl = (name: 'user-service' | 'order-service') => `http://127.0.0.1:${system.ports[name]}`;
  const call = (
    path: string,
    init: { method?: string; token?: string; body?: unknown; raw?: string; base?: string } = {},
  ) =>
    fetch(`${init.base ?? system.gatewayUrl}${path}`, {
      method: init.method ?? (init.body === undefined && init.raw === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body !== undefined || init.raw !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
  const register = async (email: string, password = 'correct-horse-9') =>
    call('/api/v1/auth/register', { body: { email, password, name: 'E2E Person' } });
  const login = async (email: string, password = 'correct-horse-9') =>
    call('/api/v1/auth/login', { body: { email, password } });
  const customer = async (): Promise<{ id: string; email: string } & TokenPair> => {
    const email = `${unique('e2e')}@example.com`;
    const { id } = (await (await register(email)).json()) as { id: string };
    return { id, email, ...((await (await login(email)).json()) as TokenPair) };
  };

  beforeAll(async () => {
    keyA = await newSigningKey(unique('key-a'));
    system = await startSystem({
      // One connection per process on FerretDB (docs/decisions.md): a refresh token must be spent exactly once.
      MONGO_URL: testEnv.mongoUrl,
      JWT_PRIVATE_KEYS: JSON.stringify([keyA]),
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_THROTTLE_WINDOW_SECONDS: '2',
    });
  });
  afterAll(() => system?.stop());

  it('when a customer goes through the whole account story, then each step answers as the spec says', async () => {
    const email = `${unique('Story')}@Example.com`;
    const registered = await register(email);
    expect(registered.status).toBe(201);
    const profile = (await registered.json()) as { id: string };
    expect(profile).toEqual({
      id: expect.any(String),
      email,
      name: 'E2E Person',
      roles: ['customer'],
      createdAt: expect.any(String),
    });
    expect((await register(email.toLowerCase())).status).toBe(409);

    const first = (await (await login(email.toLowerCase())).json()) as TokenPair & {
      tokenType: string;
      expiresIn: number;
    };
    expect(first).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const me = await call('/api/v1/users/me', { token: first.accessToken });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: profile.id, email });

    const refreshed = await call('/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(refreshed.status).toBe(200);
    const second = (await refreshed.json()) as TokenPair;
    expect((await call('/api/v1/users/me', { token: second.accessToken })).status).toBe(200);

    const replayed = await call('/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(replayed.status).toBe(401);
    expect(await replayed.json()).toMatchObject({ code: 'INVALID_REFRESH_TOKEN' });
    expect((await call('/api/v1/auth/refresh', { body: { refreshToken: second.refreshToken } })).status).toBe(401);

    const again = (await (await login(email)).json()) as TokenPair;
    expect((await call('/api/v1/auth/logout', { body: { refreshToken: again.refreshToken } })).status).toBe(204);
    expect((await call('/api/v1/auth/refresh', { body: { refreshToken: again.refreshToken } })).status).toBe(401);
  });

  describe('forged and broken tokens', () => {
    let victim: { id: string };
    let jwks: { keys: JWK[] };
    beforeAll(async () => {
      victim = await customer();
      jwks = (await (await call('/.well-known/jwks.json')).json()) as { keys: JWK[] };
    });

    it('when the token is genuine, then the gateway, user-service and order-service all accept it', async () => {
      const token = await sign(keyA, { sub: victim.id });
      expect((await call('/api/v1/users/me', { token })).status).toBe(200);
      expect((await call('/api/v1/users/me', { token, base: serviceUrl('user-service') })).status).toBe(200);
      expect((await call('/api/v1/orders', { token, base: serviceUrl('order-service') })).status).toBe(200);
    });

    it.each([
      'alg none',
      'HS256 signed with the public key',
      'a tampered payload',
      'an expiry in the past',
      'a wrong issuer',
      'a wrong audience',
      'an unknown kid',
    ])(
      'when the token has %s, then 401 at the gateway and directly at user-service and order-service',
      async (attack) => {
        const forge = forgedTokens(keyA, jwks, victim.id).find(([name]) => name === attack)?.[1];
        if (!forge) throw new Error(`no forgery named ${attack}`);
        const token = await forge();
        for (const [path, base] of [
          ['/api/v1/users/me', undefined],
          ['/api/v1/orders', undefined],
          ['/api/v1/users/me', serviceUrl('user-service')],
          ['/api/v1/orders', serviceUrl('order-service')],
        ] as const) {
          const res = await call(path, { token, base });
          expect({ path, base, status: res.status }).toEqual({ path, base, status: 401 });
        }
      },
    );
  });

  it('when a client tries to give itself more than it may, then 400 or 403 and nothing changes', async () => {
    const person = await customer();
    const body = { email: `${unique('mass')}@example.com`, password: 'correct-horse-9', name: 'M' };

    expect((await call('/api/v1/auth/register', { body: { ...body, roles: ['admin'] } })).status).toBe(400);
    expect((await call('/api/v1/auth/register', { body: { ...body, email: { $gt: '' } } })).status).toBe(400);
    expect((await call('/api/v1/auth/login', { body: { email: person.email, password: { $gt: '' } } })).status).toBe(
      400,
    );
    expect((await call('/api/v1/auth/login', { body: { email: { $gt: '' }, password: 'x' } })).status).toBe(400);
    expect(
      (await call('/api/v1/users/me', { method: 'PATCH', token: person.accessToken, body: { roles: ['admin'] } }))
        .status,
    ).toBe(400);
    expect(
      (
        await call('/api/v1/users/me', {
          method: 'PATCH',
          token: person.accessToken,
          raw: '{"name":"P","__proto__":{"roles":["admin"]}}',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call('/api/v1/auth/register', {
          raw: JSON.stringify(body).replace('{', '{"__proto__":{"roles":["admin"]},'),
        })
      ).status,
    ).toBe(400);
    expect((await call('/api/v1/users', { token: person.accessToken })).status).toBe(403);
    expect(
      (
        await call(`/api/v1/users/${person.id}/roles`, {
          method: 'PATCH',
          token: person.accessToken,
          body: { roles: ['customer', 'admin'] },
        })
      ).status,
    ).toBe(403);

    const fresh = (await (await login(person.email)).json()) as TokenPair;
    expect(decodeJwt(fresh.accessToken).roles).toEqual(['customer']);
    expect(await (await call('/api/v1/users/me', { token: fresh.accessToken })).json()).toMatchObject({
      roles: ['customer'],
    });
  });

  it('when logins for one account keep failing, then 429 with Retry-After through the gateway, and after the window the right password works', async () => {
    const person = await customer();
    for (let i = 0; i < 3; i++) expect((await login(person.email, 'wrong-password')).status).toBe(401);

    const blocked = await login(person.email);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await blocked.json()).toMatchObject({ code: 'TOO_MANY_LOGIN_ATTEMPTS' });

    await waitFor(async () => (await login(person.email)).status === 200, {
      timeoutMs: 20000,
      description: 'the throttle window to pass',
    });
  });

  it('when a new signing key is added, then its tokens are accepted by the running gateway and services without restarting them', async () => {
    const person = await customer();
    const oldToken = person.accessToken;
    // The gateway and order-service have cached the key set holding key A only.
    expect((await call('/api/v1/orders', { token: oldToken })).status).toBe(200);
    expect((await call('/api/v1/orders', { token: oldToken, base: serviceUrl('order-service') })).status).toBe(200);

    const keyB = await newSigningKey(unique('key-b'));
    await system.processes['user-service'].stop('SIGTERM', 12000);
    await system.start('user-service', { JWT_PRIVATE_KEYS: JSON.stringify([keyB, keyA]) });
    const newPair = await waitFor(
      async () => {
        const res = await login(person.email);
        return res.status === 200 ? ((await res.json()) as TokenPair) : undefined;
      },
      { timeoutMs: 30000, description: 'user-service to sign with the new key' },
    );

    expect(decodeProtectedHeader(newPair.accessToken).kid).toBe(keyB.kid);
    expect((await call('/api/v1/users/me', { token: newPair.accessToken })).status).toBe(200);
    expect((await call('/api/v1/orders', { token: newPair.accessToken })).status).toBe(200);
    expect(
      (await call('/api/v1/orders', { token: newPair.accessToken, base: serviceUrl('order-service') })).status,
    ).toBe(200);
    // Tokens of the retiring key keep working until they expire.
    expect((await call('/api/v1/orders', { token: oldToken })).status).toBe(200);
  });
});
