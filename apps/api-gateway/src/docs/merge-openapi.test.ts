import { mergeOpenApi, type OpenApiDocument } from './merge-openapi';

const doc = (
  paths: Record<string, Record<string, unknown>>,
  schemas: Record<string, unknown> = {},
): OpenApiDocument => ({
  openapi: '3.0.3',
  info: { title: 'x', version: '1' },
  paths,
  components: { schemas },
});

describe('merging the services’ OpenAPI documents', () => {
  const gateway = doc({ '/health/ready': { get: {} } }, { Shared: { type: 'string' } });

  it('when services publish documents, then their routed paths and components join the gateway’s, and their internal paths do not', () => {
    const merged = mergeOpenApi(gateway, [
      {
        service: 'user-service',
        prefixes: ['/api/v1/auth', '/.well-known/jwks.json'],
        document: doc(
          {
            '/api/v1/auth/login': { post: {} },
            '/.well-known/jwks.json': { get: {} },
            '/health/live': { get: { internal: true } },
          },
          { Token: { type: 'object' } },
        ),
      },
      {
        service: 'catalog-service',
        prefixes: ['/api/v1/products'],
        document: doc(
          { '/api/v1/products': { get: {} }, '/api/v1/productsextra': { get: {} } },
          { Shared: { type: 'number' } },
        ),
      },
    ]);

    expect(Object.keys(merged.paths ?? {}).sort()).toEqual([
      '/.well-known/jwks.json',
      '/api/v1/auth/login',
      '/api/v1/products',
      '/health/ready',
    ]);
    expect(merged.paths?.['/health/ready']).toEqual({ get: {} });
    expect(merged.components?.schemas).toEqual({ Shared: { type: 'string' }, Token: { type: 'object' } });
    expect(merged['x-missing-services']).toBeUndefined();
  });

  it('when a service documents webhooks, then the merged document keeps them and is OpenAPI 3.1; without any it stays as it was', () => {
    const hook = { post: { requestBody: { content: { 'application/json': { schema: { type: 'object' } } } } } };
    const withHooks = {
      ...doc({ '/api/v1/webhooks/endpoints': { get: {} } }),
      openapi: '3.1.0',
      webhooks: { 'order.confirmed': hook },
    };

    const merged = mergeOpenApi(gateway, [
      { service: 'webhook-service', prefixes: ['/api/v1/webhooks'], document: withHooks },
    ]);
    const plain = mergeOpenApi(gateway, [
      {
        service: 'catalog-service',
        prefixes: ['/api/v1/products'],
        document: doc({ '/api/v1/products': { get: {} } }),
      },
    ]);

    expect(merged.openapi).toBe('3.1.0');
    expect(merged.webhooks).toEqual({ 'order.confirmed': hook });
    expect(merged.paths?.['/api/v1/webhooks/endpoints']).toEqual({ get: {} });
    expect(plain.openapi).toBe('3.0.3');
    expect(plain.webhooks).toBeUndefined();
  });

  it('when a service has no document yet, then the rest is merged and the missing one is named', () => {
    const merged = mergeOpenApi(gateway, [
      { service: 'order-service', prefixes: ['/api/v1/orders'], document: undefined },
      {
        service: 'catalog-service',
        prefixes: ['/api/v1/products'],
        document: doc({ '/api/v1/products': { get: {} } }),
      },
    ]);
    expect(merged['x-missing-services']).toEqual(['order-service']);
    expect(merged.paths?.['/api/v1/products']).toEqual({ get: {} });
  });

  it("when a prefix has a parameter segment, then the service's paths below it join, and the product paths of another service stay that one's", () => {
    const merged = mergeOpenApi(gateway, [
      {
        service: 'catalog-service',
        prefixes: ['/api/v1/products'],
        document: doc({ '/api/v1/products/{id}': { get: { catalog: true } } }),
      },
      {
        service: 'recommendation-service',
        prefixes: ['/api/v1/products/:id/also-bought', '/api/v1/recommendations'],
        document: doc({
          '/api/v1/products/{id}/also-bought': { get: {} },
          '/api/v1/products/{id}': { get: { catalog: false } },
          '/api/v1/recommendations/me': { get: {} },
        }),
      },
    ]);

    expect(Object.keys(merged.paths ?? {}).sort()).toEqual([
      '/api/v1/products/{id}',
      '/api/v1/products/{id}/also-bought',
      '/api/v1/recommendations/me',
      '/health/ready',
    ]);
    expect(merged.paths?.['/api/v1/products/{id}']).toEqual({ get: { catalog: true } });
  });
});
