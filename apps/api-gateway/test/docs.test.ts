import { freePort } from '@shopwire/testing';
import type { TestGateway } from './support/gateway';
import { useGatewayRig } from './support/gateway-rig';

const serviceDocument = {
  openapi: '3.0.3',
  info: { title: 'fake', version: '1' },
  paths: {
    '/api/v1/products': { get: { summary: 'list products', responses: { 200: { description: 'a page' } } } },
    '/health/live': { get: {} },
  },
  components: { schemas: {} },
};

describe('the API documentation at the gateway', () => {
  const rig = useGatewayRig();
  let gateway: TestGateway;
  beforeAll(async () => {
    rig.upstream.routes.set('/openapi.json', (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(serviceDocument)),
    );
    // One service answers nothing at all: its document is missing, the rest is still served.
    gateway = await rig.start({ ORDER_SERVICE_URL: `http://127.0.0.1:${await freePort()}` });
  });

  it('when /docs/json is read without a token, then it is one OpenAPI document of the routed paths and names the missing service', async () => {
    const res = await fetch(`${gateway.url}/docs/json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      info: { title: string };
      paths: Record<string, { get?: { summary?: string } }>;
      'x-missing-services'?: string[];
    };
    expect(doc.info.title).toBe('Shopwire API');
    expect(doc.paths['/api/v1/products']?.get?.summary).toBe('list products');
    expect(doc.paths['/health/live']).toBeUndefined();
    expect(Object.keys(doc.paths).filter((p) => p.includes('*'))).toEqual([]);
    expect(doc['x-missing-services']).toEqual(['order-service']);
  });

  it('when the document promises rate-limit headers on every answer, then a proxied answer and a 401 at the edge carry them', async () => {
    const doc = (await (await fetch(`${gateway.url}/docs/json`)).json()) as {
      paths: Record<string, { get: { responses: Record<string, { headers?: Record<string, unknown> }> } }>;
    };
    const promised = Object.keys(doc.paths['/api/v1/products']?.get.responses[200]?.headers ?? {}).filter((name) =>
      name.startsWith('X-RateLimit-'),
    );

    const proxied = await fetch(`${gateway.url}/api/v1/products`);
    const refused = await fetch(`${gateway.url}/api/v1/products`, { headers: { authorization: 'Bearer not-a-token' } });

    expect(promised).toEqual(['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']);
    expect([proxied.status, refused.status]).toEqual([200, 401]);
    for (const name of promised) {
      expect(proxied.headers.get(name)).toMatch(/^\d+$/);
      expect(refused.headers.get(name)).toMatch(/^\d+$/);
    }
  });

  it('when /docs is opened, then the Swagger UI page is served', async () => {
    const res = await fetch(`${gateway.url}/docs/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/swagger/i);
  });
});
