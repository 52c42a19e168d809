import { documentEdge } from './edge-documentation';
import type { OpenApiDocument } from './merge-openapi';

type Operation = { security?: unknown; responses: Record<string, { description?: string; headers?: Record<string, unknown> }> };

const merged: OpenApiDocument = {
  openapi: '3.0.3',
  info: { title: 'x', version: '1' },
  paths: {
    '/api/v1/products/{id}': { get: { responses: { 200: { description: 'a product' } } } },
    '/api/v1/orders': {
      post: { security: [{ bearerAuth: [] }], responses: { 202: { description: 'placed' }, 401: { description: 'the service’s own' } } },
      parameters: [],
    },
    '/api/v1/auth/login': { post: { responses: { 200: { description: 'tokens' }, 429: { description: 'throttled' } } } },
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

    expect(answers).toHaveLength(4);
    for (const answer of answers) {
      expect(Object.keys(answer.headers ?? {})).toEqual(expect.arrayContaining(['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Access-Control-Allow-Origin']));
    }
    expect(doc.components?.headers?.['X-RateLimit-Limit']).toMatchObject({ schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 1200 } });
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

  it('when a route is public at the gateway, then its token is optional; otherwise a bearer token is required', () => {
    expect(operation(doc, '/api/v1/products/{id}', 'get').security).toEqual([{}, { bearerAuth: [] }]);
    expect(operation(doc, '/api/v1/auth/login', 'post').security).toEqual([{}, { bearerAuth: [] }]);
    expect(operation(doc, '/api/v1/orders', 'post').security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths?.['/api/v1/orders']?.parameters).toEqual([]);
  });
});
