import { documentEdge } from './edge-documentation';
import type { OpenApiDocument } from './merge-openapi';

type Operation = {
  security?: unknown;
  responses: Record<string, { description?: string; headers?: Record<string, unknown> }>;
};

const merged: OpenApiDocument = {
  openapi: '3.0.3',
  info: { title: 'x', version: '1' },
  paths: {
    '/api/v1/products/{id}': { get: { responses: { 200: { description: 'a product' } } } },
    '/api/v1/orders': {
      post: {
        security: [{ bearerAuth: [] }],
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
        responses: {
          202: { description: 'placed' },
          401: { description: 'the service’s own' },
          503: { description: 'Its store is down (STORE_UNAVAILABLE)' },
        },
      },
      parameters: [],
    },
    '/api/v1/auth/login': {
      post: { responses: { 200: { description: 'tokens' }, 429: { description: 'throttled' } } },
    },
  },
  components: { securitySchemes: { bearerAuth: { type: 'http' } } },
};
const publicRoutes = [
  { method: 'GET' as const, path: '/api/v1/products', andBelow: true },
  { method: 'POST' as const, path: '/api/v1/auth/login' },
];
const operation = (doc: OpenApiDocument, path: string, method: string) => doc.paths?.[path]?.[method] as Operation;

describe('documenting what the gateway does in front of every operation', () => {
  const doc = documentEdge(merged, publicRoutes, { maxPerWindow: 1200, maxWindowSeconds: 60 });

  it('when an operation is documented by its service, then every answer of it lists the rate-limit and CORS headers', () => {
    const answers = Object.values(operation(doc, '/api/v1/orders', 'post').responses);

    expect(answers).toHaveLength(8);
    for (const answer of answers) {
      expect(Object.keys(answer.headers ?? {})).toEqual(
        expect.arrayContaining([
          'X-RateLimit-Limit',
          'X-RateLimit-Remaining',
          'X-RateLimit-Reset',
          'Access-Control-Allow-Origin',
        ]),
      );
    }
    expect(doc.components?.headers?.['X-RateLimit-Limit']).toMatchObject({
      schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 1200 },
    });
    expect(doc.components?.schemas?.Problem).toMatchObject({ type: 'object' });
  });

  it('when an operation says nothing of 401, 429 and 500, then the gateway’s answers are added and a service’s own are kept', () => {
    const orders = operation(doc, '/api/v1/orders', 'post').responses;
    const login = operation(doc, '/api/v1/auth/login', 'post').responses;

    expect(orders[401]?.description).toBe('the service’s own');
    expect(orders[429]?.headers?.['Retry-After']).toEqual({ $ref: '#/components/headers/Retry-After' });
    expect(orders[500]?.description).toMatch(/unexpected/);
    expect(login[429]?.description).toBe('throttled');
    expect(login[429]?.headers?.['Retry-After']).toBeDefined();
  });

  it('when a service is down, failing or slow, or a body too large, then the gateway’s answers are listed, a service’s own 503 cause kept', () => {
    const orders = operation(doc, '/api/v1/orders', 'post').responses;
    const product = operation(doc, '/api/v1/products/{id}', 'get').responses;

    expect(orders[503]?.description).toBe(
      'Its store is down (STORE_UNAVAILABLE). Or: The service behind this route cannot be reached (UPSTREAM_UNAVAILABLE)',
    );
    expect(product[503]?.description).toBe('The service behind this route cannot be reached (UPSTREAM_UNAVAILABLE)');
    expect([orders[502]?.description, orders[504]?.description]).toEqual([
      expect.stringMatching(/BAD_GATEWAY/),
      expect.stringMatching(/UPSTREAM_TIMEOUT/),
    ]);
    expect(orders[413]?.description).toMatch(/PAYLOAD_TOO_LARGE/);
    expect(product[413]).toBeUndefined();
    expect(Object.keys(product).sort()).toEqual(['200', '401', '429', '500', '502', '503', '504']);
  });

  it('when a route is public at the gateway, then its token is optional; otherwise a bearer token is required', () => {
    expect(operation(doc, '/api/v1/products/{id}', 'get').security).toEqual([{}, { bearerAuth: [] }]);
    expect(operation(doc, '/api/v1/auth/login', 'post').security).toEqual([{}, { bearerAuth: [] }]);
    expect(operation(doc, '/api/v1/orders', 'post').security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths?.['/api/v1/orders']?.parameters).toEqual([]);
  });
});
