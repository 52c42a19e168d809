import { startOrderService } from './support/order-service';

describe('order-service start-up', () => {
  it('when started against the real store and broker, then it is ready on its store, reports both up and serves its OpenAPI document', async () => {
    const svc = await startOrderService();
    try {
      const ready = await svc.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.json()).toEqual({ status: 'ready', checks: { mongo: 'up' } });
      const health = await svc.app.inject({ method: 'GET', url: '/health' });
      expect(health.json()).toEqual({ status: 'ready', checks: { mongo: 'up', broker: 'up' } });

      const doc = (await svc.app.inject({ method: 'GET', url: '/openapi.json' })).json();
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/orders',
          '/api/v1/orders/{id}',
          '/api/v1/orders/{id}/cancel',
          '/api/v1/orders/{id}/ship',
          '/api/v1/orders/{id}/deliver',
          '/api/v1/reports/sales',
        ]),
      );
      expect(doc.paths['/api/v1/orders'].post.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'idempotency-key', required: true })]),
      );
    } finally {
      await svc.close();
    }
  });
});
