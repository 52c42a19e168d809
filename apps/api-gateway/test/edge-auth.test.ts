import { badTokens, issuerSigner, startTestIssuer, type TestIssuer } from '@shopwire/testing';
import { startFakeUpstream, type FakeUpstream } from './support/fake-upstream';
import { startGateway, type TestGateway } from './support/gateway';

const SECRET = 'the gateway secret shared with user-service, 32+';

describe('access tokens at the edge', () => {
  let issuer: TestIssuer;
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${gateway.url}${path}`, { headers });
  /** A call with no token: a JSON body of `{}` unless it is a GET. */
  const withoutToken = (method: string, path: string) =>
    fetch(`${gateway.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : '{}',
    });

  beforeAll(async () => {
    issuer = await startTestIssuer();
    upstream = await startFakeUpstream();
    gateway = await startGateway(upstream.url, { JWKS_URL: issuer.jwksUrl, GATEWAY_SECRET: SECRET });
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
    await issuer?.close();
  });

  const reachedUpstream = (marker: string) => upstream.seen.some((r) => r.url.includes(marker));

  it('when a protected route is called without a token, then 401 problem+json and the service never sees it', async () => {
    const res = await get('/api/v1/orders?marker=no-token');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await res.json()).toMatchObject({ code: 'AUTHENTICATION_REQUIRED', status: 401 });
    expect(reachedUpstream('no-token')).toBe(false);
  });

  it.each([
    ['POST', '/api/v1/auth/login'],
    ['POST', '/api/v1/auth/register'],
    ['POST', '/api/v1/auth/refresh'],
    ['POST', '/api/v1/auth/logout'],
    ['GET', '/api/v1/products'],
    ['GET', '/api/v1/products/p-1'],
    ['GET', '/api/v1/categories'],
    ['GET', '/.well-known/jwks.json'],
  ])('when %s %s is called without a token, then it is forwarded', async (method, path) => {
    const res = await withoutToken(method, path);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ method, url: path });
  });

  it.each([
    ['POST', '/api/v1/products'],
    ['PATCH', '/api/v1/products/p-1'],
    ['GET', '/api/v1/users/me'],
    ['GET', '/api/v1/users'],
    ['GET', '/api/v1/notifications/stream'],
    ['GET', '/api/v1/reports/sales'],
  ])('when %s %s is called without a token, then 401', async (method, path) => {
    const res = await withoutToken(method, path);
    expect(res.status).toBe(401);
  });

  it('when the token is valid, then the request is forwarded with the token, the request id and the client address', async () => {
    const token = await issuer.sign({ sub: 'user-7' });
    const res = await get('/api/v1/orders?marker=valid', {
      authorization: `Bearer ${token}`,
      'x-request-id': 'edge-req-1',
      'x-forwarded-for': '6.6.6.6',
    });
    expect(res.status).toBe(200);
    const forwarded = upstream.seen.find((r) => r.url.includes('marker=valid'));
    expect(forwarded?.headers).toMatchObject({
      authorization: `Bearer ${token}`,
      'x-request-id': 'edge-req-1',
      'x-forwarded-for': '127.0.0.1',
    });
  });

  it("when a client sends its own gateway secret header, then the service gets the gateway's secret instead, and only from the gateway", async () => {
    const res = await fetch(`${gateway.url}/api/v1/auth/login?marker=secret`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gateway-secret': 'guessed', 'x-forwarded-for': '6.6.6.6' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    const forwarded = upstream.seen.find((r) => r.url.includes('marker=secret'));
    expect(forwarded?.headers).toMatchObject({ 'x-gateway-secret': SECRET, 'x-forwarded-for': '127.0.0.1' });
  });

  it.each(badTokens(() => issuerSigner(issuer), 'u'))(
    'when the token has %s, then 401 INVALID_TOKEN on protected and public routes, and nothing is forwarded',
    async (name, forge) => {
      const token = await forge();
      const marker = encodeURIComponent(name);
      for (const path of [`/api/v1/orders?marker=${marker}`, `/api/v1/products?marker=${marker}`]) {
        const res = await get(path, { authorization: `Bearer ${token}` });
        expect(res.status).toBe(401);
        expect(await res.json()).toMatchObject({ code: 'INVALID_TOKEN' });
      }
      expect(reachedUpstream(marker)).toBe(false);
    },
  );
});
