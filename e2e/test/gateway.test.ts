import { waitFor } from '@shopwire/testing';
import { startSystem, type RunningSystem } from './system';

describe('the system through the gateway', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(() => system?.stop());

  it('when everything is up, then the gateway readiness lists every service as up', async () => {
    const res = await fetch(`${system.gatewayUrl}/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      checks: { 'user-service': 'up', 'catalog-service': 'up', 'order-service': 'up', 'notification-service': 'up' },
    });
  });

  it('when a request is proxied, then the service answers and the request id travels both ways', async () => {
    // A public read path the catalog does not have: the answer comes from the service, through the gateway.
    const res = await fetch(`${system.gatewayUrl}/api/v1/products/unknown-route-xyz/more`, { headers: { 'x-request-id': 'e2e-req-1' } });
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

  it('when a service dies, then its routes answer 503 problem+json and readiness names it; when it returns, both recover', async () => {
    const exit = await system.processes['catalog-service'].stop('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');

    const down = await fetch(`${system.gatewayUrl}/api/v1/products`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503 });
    const ready = await fetch(`${system.gatewayUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: { 'catalog-service': 'down', 'user-service': 'up' } });

    await system.start('catalog-service');
    await waitFor(async () => (await fetch(`${system.gatewayUrl}/health/ready`)).status === 200, { timeoutMs: 30000, description: 'recovery' });
    const back = await fetch(`${system.gatewayUrl}/api/v1/products/unknown-route-xyz/more`);
    expect(back.status).toBe(404);
  });

  it('when the services get SIGTERM, then each exits 0', async () => {
    const exits = await Promise.all(Object.values(system.processes).map((p) => p.stop('SIGTERM', 12000)));
    expect(exits).toEqual(exits.map(() => ({ code: 0, signal: null })));
  });
});
