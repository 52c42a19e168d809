import { unique, waitForReady, startSystem, type RunningSystem } from '@shopwire/testing';

describe('the system through the gateway', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(() => system?.stop());

  it('when everything is up, then the gateway is ready and its /health lists every service as up', async () => {
    const ready = await fetch(`${system.gatewayUrl}/health/ready`);
    const health = await fetch(`${system.gatewayUrl}/health`);
    expect(ready.status).toBe(200);
    expect(await health.json()).toEqual({
      status: 'ready',
      checks: {
        'user-service': 'up',
        'catalog-service': 'up',
        'order-service': 'up',
        'notification-service': 'up',
        'webhook-service': 'up',
        'recommendation-service': 'up',
      },
    });
  });

  it('when a request is proxied, then the service answers and the request id travels both ways', async () => {
    // A public read path the catalog does not have: the answer comes from the service, through the gateway.
    const res = await fetch(`${system.gatewayUrl}/api/v1/products/unknown-route-xyz/more`, {
      headers: { 'x-request-id': 'e2e-req-1' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.headers.get('x-request-id')).toBe('e2e-req-1');
    expect(await res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });

  it('when a path is owned by nobody, then the gateway itself answers 404 problem+json', async () => {
    const res = await fetch(`${system.gatewayUrl}/api/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', status: 404 });
  });

  it('when a service dies, then its routes answer 503 problem+json while the others answer and the gateway stays ready; when it returns, it recovers', async () => {
    const exit = await system.processes['catalog-service'].stop('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');

    const down = await fetch(`${system.gatewayUrl}/api/v1/products`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503 });
    // The other services still answer through the gateway: register, log in, read orders and notifications.
    const json = { 'content-type': 'application/json' };
    const credentials = { email: `${unique('degraded')}@example.com`, password: 'a long enough password' };
    const registered = await fetch(`${system.gatewayUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ ...credentials, name: 'Ada' }),
    });
    expect(registered.status).toBe(201);
    const login = await fetch(`${system.gatewayUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify(credentials),
    });
    const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
    const orders = await fetch(`${system.gatewayUrl}/api/v1/orders`, { headers: auth });
    expect(orders.status).toBe(200);
    expect(await orders.json()).toMatchObject({ items: [] });
    const notifications = await fetch(`${system.gatewayUrl}/api/v1/notifications`, { headers: auth });
    expect(notifications.status).toBe(200);
    expect((await fetch(`${system.gatewayUrl}/health/ready`)).status).toBe(200);
    const health = await fetch(`${system.gatewayUrl}/health`);
    expect(await health.json()).toMatchObject({
      status: 'degraded',
      checks: { 'catalog-service': 'down', 'user-service': 'up', 'order-service': 'up', 'notification-service': 'up' },
    });

    await system.start('catalog-service');
    await waitForReady(system.gatewayUrl, 30000, 'catalog-service back behind the gateway');
    const back = await fetch(`${system.gatewayUrl}/api/v1/products/unknown-route-xyz/more`);
    expect(back.status).toBe(404);
  });

  it('when the services get SIGTERM, then each exits 0', async () => {
    const exits = await Promise.all(Object.values(system.processes).map((p) => p.stop('SIGTERM', 12000)));
    expect(exits).toEqual(exits.map(() => ({ code: 0, signal: null })));
  });
});
