import { startOwnBroker, waitFor, type OwnBroker } from '@shopwire/testing';
import { orderRequest, startOrderService, type OrderServiceUnderTest } from './support/order-service';

describe('orders while the broker is away', () => {
  let broker: OwnBroker;
  let svc: OrderServiceUnderTest;

  beforeAll(async () => {
    broker = await startOwnBroker();
    svc = await startOrderService({ amqpUrl: broker.url });
  }, 180000);

  afterAll(async () => {
    await svc.close();
    await broker.destroy();
  }, 120000);

  it('when the broker is stopped, then POST /orders is still accepted and the service stays ready, and the order confirms once the broker is back', async () => {
    const product = await svc.publishProduct();
    const { token } = await svc.customer();
    await broker.stop();

    const placed = await svc.placeOrder(token, orderRequest([{ productId: product.productId, quantity: 2 }]));
    const ready = await svc.app.inject({ method: 'GET', url: '/health/ready' });
    const health = await svc.app.inject({ method: 'GET', url: '/health' });

    expect(placed.statusCode).toBe(202);
    expect(placed.body.status).toBe('pending');
    expect(ready.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ checks: { broker: 'down' } });
    expect((await svc.app.store.pointers.status()).backlog).toBe(1);

    await broker.start();
    // order.placed leaves the outbox once the connection is back; then catalog (played here) answers it.
    await waitFor(async () => (await svc.app.store.pointers.status()).backlog === 0, {
      timeoutMs: 60000,
      description: 'order.placed to be published after the outage',
    });
    await svc.reserveStock(placed.body.id, [{ productId: product.productId, quantity: 2 }]);
    const confirmed = await svc.waitForStatus(token, placed.body.id, 'confirmed');

    expect(confirmed.history.map((h) => h.status)).toEqual(['pending', 'confirmed']);
  }, 240000);
});
