import { Readable } from 'node:stream';
import { request } from 'undici';
import { freePort, startTestIssuer, withDeadline, type TestIssuer } from '@shopwire/testing';
import { startFakeUpstream, type FakeUpstream } from './support/fake-upstream';
import { startGateway, type TestGateway } from './support/gateway';

const MiB = 1024 * 1024;

describe('the proxy', () => {
  let issuer: TestIssuer;
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  let auth: Record<string, string>;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    upstream = await startFakeUpstream();
    gateway = await startGateway(upstream.url, { JWKS_URL: issuer.jwksUrl, UPSTREAM_TIMEOUT_MS: '1000' });
    auth = { authorization: `Bearer ${await issuer.sign({ sub: 'proxy-user' })}` };
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
    await issuer?.close();
  });

  const post = (path: string, body: string | Readable, headers: Record<string, string> = {}) =>
    request(`${gateway.url}${path}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', ...headers },
      body,
    });

  it('when a body is under 1 MiB, then the service receives exactly the bytes sent', async () => {
    // Bytes a JSON round trip would change: a number beyond double precision and a repeated key.
    const body = `{"note":"${'x'.repeat(1000)}","big":12345678901234567890,"dup":1,"dup":2}`;
    upstream.routes.set('/api/v1/orders/echo-bytes', (_req, res, received) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received: received.toString() })),
    );

    const res = await post('/api/v1/orders/echo-bytes', body);
    expect(res.statusCode).toBe(200);
    expect(((await res.body.json()) as { received: string }).received).toBe(body);
  });

  it('when a body declares more than 1 MiB, then 413 problem+json and the service never sees it', async () => {
    const res = await post('/api/v1/orders/too-big-declared', JSON.stringify({ pad: 'x'.repeat(MiB) }));
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await res.body.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    expect(upstream.seen.some((r) => r.url.includes('too-big-declared'))).toBe(false);
  });

  it('when a chunked body grows past 1 MiB, then 413 and the service never sees it', async () => {
    async function* chunks(): AsyncIterable<Buffer> {
      for (let i = 0; i < 20; i++) yield Buffer.alloc(64 * 1024, 0x20);
    }
    const res = await post('/api/v1/orders/too-big-chunked', Readable.from(chunks()));
    expect(res.statusCode).toBe(413);
    await res.body.dump();
    expect(upstream.seen.some((r) => r.url.includes('too-big-chunked'))).toBe(false);
  });

  it('when /metrics is asked on the API port, then 404 problem+json; its own port serves the figures', async () => {
    const onApiPort = await request(`${gateway.url}/metrics`);
    expect(onApiPort.statusCode).toBe(404);
    expect(await onApiPort.body.json()).toMatchObject({ status: 404 });
    const scraped = await request(gateway.metricsUrl);
    expect(scraped.statusCode).toBe(200);
    expect(await scraped.body.text()).toMatch(/^http_request_duration_seconds_count\{/m);
    expect((await request(gateway.metricsUrl.replace('/metrics', '/health'))).statusCode).toBe(404);
  });

  it('when the service does not answer in time, then 504 UPSTREAM_TIMEOUT problem+json', async () => {
    upstream.routes.set('/api/v1/orders/hang', () => undefined);
    const res = await withDeadline(
      request(`${gateway.url}/api/v1/orders/hang`, { headers: auth }),
      15000,
      'the gateway to give up',
    );
    expect(res.statusCode).toBe(504);
    expect(await res.body.json()).toMatchObject({ code: 'UPSTREAM_TIMEOUT', status: 504 });
  });

  it('when one service is down, then its routes answer 503 UPSTREAM_UNAVAILABLE, the others still answer, and the gateway stays ready reporting it down', async () => {
    const down = await startGateway(upstream.url, {
      JWKS_URL: issuer.jwksUrl,
      ORDER_SERVICE_URL: `http://127.0.0.1:${await freePort()}`,
    });
    try {
      const orders = await request(`${down.url}/api/v1/orders`, { headers: auth });
      const notifications = await request(`${down.url}/api/v1/notifications`, { headers: auth });
      const ready = await request(`${down.url}/health/ready`);
      const health = await request(`${down.url}/health`);
      const metrics = await (await request(down.metricsUrl)).body.text();

      expect(orders.statusCode).toBe(503);
      expect(await orders.body.json()).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503 });
      expect(notifications.statusCode).toBe(200);
      expect(await notifications.body.json()).toMatchObject({ method: 'GET', url: '/api/v1/notifications' });
      expect(ready.statusCode).toBe(200);
      expect(await ready.body.json()).toEqual({ status: 'ready', checks: {} });
      expect(await health.body.json()).toEqual({
        status: 'degraded',
        checks: {
          'user-service': 'up',
          'catalog-service': 'up',
          'order-service': 'down',
          'notification-service': 'up',
          'webhook-service': 'up',
          'recommendation-service': 'up',
        },
      });
      expect(metrics).toMatch(/^shopwire_dependency_up\{dependency="order-service"[^}]*\} 0$/m);
      expect(metrics).toMatch(/^shopwire_dependency_up\{dependency="catalog-service"[^}]*\} 1$/m);
    } finally {
      await down.close();
    }
  });

  it("when a product's also-bought list is asked, then recommendation-service answers it without a token, and the product itself stays catalog-service's", async () => {
    const recommendations = await startFakeUpstream();
    const routed = await startGateway(upstream.url, {
      JWKS_URL: issuer.jwksUrl,
      RECOMMENDATION_SERVICE_URL: recommendations.url,
    });
    try {
      const alsoBought = await request(`${routed.url}/api/v1/products/65a1b2c3d4e5f60718293a4b/also-bought?limit=3`);
      const product = await request(`${routed.url}/api/v1/products/65a1b2c3d4e5f60718293a4b`);
      const mine = await request(`${routed.url}/api/v1/recommendations/me`);
      const mineWithToken = await request(`${routed.url}/api/v1/recommendations/me`, { headers: auth });

      expect([alsoBought.statusCode, product.statusCode, mine.statusCode, mineWithToken.statusCode]).toEqual([
        200, 200, 401, 200,
      ]);
      expect(recommendations.seen.map((r) => r.url)).toEqual([
        '/api/v1/products/65a1b2c3d4e5f60718293a4b/also-bought?limit=3',
        '/api/v1/recommendations/me',
      ]);
      expect(upstream.seen.some((r) => r.url === '/api/v1/products/65a1b2c3d4e5f60718293a4b')).toBe(true);
      expect(upstream.seen.some((r) => r.url.includes('also-bought'))).toBe(false);
    } finally {
      await routed.close();
      await recommendations.close();
    }
  });

  it('when the service drops the connection before answering, then 503 UPSTREAM_UNAVAILABLE problem+json', async () => {
    upstream.routes.set('/api/v1/orders/dropped', (req) => req.socket.destroy());
    const res = await request(`${gateway.url}/api/v1/orders/dropped`, { headers: auth });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await res.body.json()).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503 });
  });

  it('when the service streams server-sent events, then each reaches the client while the stream stays open', async () => {
    let send: ((text: string) => void) | undefined;
    upstream.routes.set('/api/v1/notifications/stream', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': connected\n\n');
      send = (text) => res.write(text);
    });
    const res = await request(`${gateway.url}/api/v1/notifications/stream`, {
      headers: { ...auth, accept: 'text/event-stream' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream');
    const reader = res.body[Symbol.asyncIterator]();
    const nextText = async (): Promise<string> =>
      String((await withDeadline(reader.next(), 10000, 'the next chunk')).value);

    expect(await nextText()).toContain(': connected');
    send?.('event: notification\ndata: {"n":1}\n\n');
    expect(await nextText()).toContain('data: {"n":1}');
    send?.('event: notification\ndata: {"n":2}\n\n');
    expect(await nextText()).toContain('data: {"n":2}');
    res.body.destroy();
  });

  it('when 128 streams are open, then one more stream of another user is still answered (streams are not capped by a pool)', async () => {
    upstream.routes.set('/api/v1/notifications/stream', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': connected\n\n');
    });
    const openStream = async (n: number) =>
      request(`${gateway.url}/api/v1/notifications/stream`, {
        headers: {
          authorization: `Bearer ${await issuer.sign({ sub: `streamer-${n}` })}`,
          accept: 'text/event-stream',
        },
      });
    // Each user holds as many streams as the notification service allows; many users together hold many.
    const held = await Promise.all(Array.from({ length: 128 }, (_, n) => openStream(n)));
    try {
      expect(held.every((res) => res.statusCode === 200)).toBe(true);

      const another = await withDeadline(openStream(128), 5000, 'the 129th stream to be answered');

      expect(another.statusCode).toBe(200);
      another.body.destroy();
    } finally {
      for (const res of held) res.body.destroy();
    }
  });
});
