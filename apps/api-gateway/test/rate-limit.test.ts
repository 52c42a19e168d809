import { unique, waitFor } from '@shopwire/testing';
import type { TestGateway } from './support/gateway';
import { useGatewayRig } from './support/gateway-rig';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('rate limits at the gateway', () => {
  const rig = useGatewayRig();
  const statuses = async (count: number, send: () => Promise<Response>) => {
    const result: number[] = [];
    for (let i = 0; i < count; i++) result.push((await send()).status);
    return result;
  };

  it('when an anonymous client goes over its budget, then 429 problem+json with Retry-After; after the window it passes again', async () => {
    const gateway = await rig.start({ RATE_LIMIT_ANONYMOUS_MAX: '3', RATE_LIMIT_WINDOW_MS: '1500' });

    expect(await statuses(3, () => fetch(`${gateway.url}/api/v1/products`))).toEqual([200, 200, 200]);
    const limited = await fetch(`${gateway.url}/api/v1/products`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });

    await waitFor(async () => (await fetch(`${gateway.url}/api/v1/products`)).status === 200, {
      timeoutMs: 15000,
      description: 'the window to pass',
    });
  });

  it('when a client keeps sending tokens that are not valid, then each 401 spends its budget and it is limited like any client', async () => {
    const gateway = await rig.start({ RATE_LIMIT_ANONYMOUS_MAX: '3' });
    const guess = () =>
      fetch(`${gateway.url}/api/v1/orders`, { headers: { authorization: 'Bearer guessed.token.value' } });

    const first = await guess();
    expect(first.status).toBe(401);
    expect(first.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(await statuses(3, guess)).toEqual([401, 401, 429]);
    expect(rig.upstream.seen.filter((r) => r.url.startsWith('/api/v1/orders'))).toEqual([]);
  });

  it('when a client is authenticated, then it counts per user, apart from the address and from other users', async () => {
    const gateway = await rig.start({ RATE_LIMIT_ANONYMOUS_MAX: '2', RATE_LIMIT_USER_MAX: '4' });
    const [alice, bob] = await Promise.all([
      rig.issuer.sign({ sub: unique('alice') }),
      rig.issuer.sign({ sub: unique('bob') }),
    ]);
    const as = (token: string) => () =>
      fetch(`${gateway.url}/api/v1/orders`, { headers: { authorization: `Bearer ${token}` } });

    expect(await statuses(5, as(alice))).toEqual([200, 200, 200, 200, 429]);
    expect(await statuses(2, as(bob))).toEqual([200, 200]);
    expect(await statuses(3, () => fetch(`${gateway.url}/api/v1/products`))).toEqual([200, 200, 429]);
  });

  it('when login or register is called repeatedly, then their stricter budget applies and other routes keep theirs', async () => {
    const gateway = await rig.start({ RATE_LIMIT_AUTH_MAX: '2', RATE_LIMIT_ANONYMOUS_MAX: '50' });
    const login = () =>
      fetch(`${gateway.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
    const register = () =>
      fetch(`${gateway.url}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });

    expect([(await login()).status, (await register()).status, (await login()).status]).toEqual([200, 200, 429]);
    expect((await fetch(`${gateway.url}/api/v1/products`)).status).toBe(200);
  });

  it('when two gateway replicas share Redis, then they enforce one limit between them', async () => {
    const env = {
      REDIS_URL,
      REDIS_KEY_PREFIX: `${unique('gw')}:`,
      RATE_LIMIT_ANONYMOUS_MAX: '4',
      RATE_LIMIT_WINDOW_MS: '60000',
    };
    const [one, two] = [await rig.start(env), await rig.start(env)];
    const from = (gateway: TestGateway) => () => fetch(`${gateway.url}/api/v1/products`);

    expect([...(await statuses(2, from(one))), ...(await statuses(2, from(two)))]).toEqual([200, 200, 200, 200]);
    expect((await from(one)()).status).toBe(429);
    expect((await from(two)()).status).toBe(429);
  });
});
