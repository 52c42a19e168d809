import type { TestGateway } from './support/gateway';
import { useGatewayRig } from './support/gateway-rig';

describe('browser-facing security at the gateway', () => {
  const rig = useGatewayRig();
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await rig.start({ CORS_ORIGINS: 'https://shop.example, https://admin.shop.example' });
  });

  it('when anything is answered, then helmet headers are on it, also on errors', async () => {
    for (const path of ['/api/v1/products', '/api/v1/orders']) {
      const res = await fetch(`${gateway.url}${path}`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    }
  });

  it('when an allowed origin calls, then CORS lets it read the answer; another origin gets no CORS header', async () => {
    const allowed = await fetch(`${gateway.url}/api/v1/products`, { headers: { origin: 'https://shop.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('access-control-expose-headers')).toContain('x-request-id');
    const other = await fetch(`${gateway.url}/api/v1/products`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('when an allowed origin sends a preflight for a protected route, then it is answered without a token', async () => {
    const res = await fetch(`${gateway.url}/api/v1/orders`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://admin.shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://admin.shop.example');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
  });
});
