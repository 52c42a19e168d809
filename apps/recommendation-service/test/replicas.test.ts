import { randomUUID } from 'node:crypto';
import {
  createOwnVhost,
  handledEventCount,
  startOwnBroker,
  startTestIssuer,
  unique,
  waitFor,
  type OwnBroker,
  type OwnVhost,
  type TestIssuer,
} from '@shopwire/testing';
import {
  alsoBought,
  events,
  productId,
  publish,
  purchasesOf,
  removeServiceData,
  startRecommendationService,
  type TestService,
} from './support/recommendation-service';

const listed = async (svc: TestService, id: string) => (await alsoBought(svc, id)).items.map((item) => item.productId);
/** A sample of the replica's /metrics: the first line of `name` whose labels include `labels`. */
const metric = async (svc: TestService, name: string, labels = '') => {
  const text = (await svc.app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text
    .split('\n')
    .find((l) => (l.startsWith(`${name} `) || l.startsWith(`${name}{`)) && l.includes(labels));
  return Number(line?.split(' ').at(-1) ?? NaN);
};
const loads = async (svc: TestService) =>
  (await metric(svc, 'shopwire_recommendation_loads_total', 'outcome="loaded"')) || 0;

describe('replicas', () => {
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  afterAll(() => issuer?.close());

  describe('on one broker and store', () => {
    let vhost: OwnVhost;
    let first: TestService;
    let second: TestService;
    let late: TestService | undefined;

    beforeAll(async () => {
      vhost = await createOwnVhost();
      first = await startRecommendationService({ issuer, amqpUrl: vhost.amqpUrl });
      second = await startRecommendationService({ issuer, amqpUrl: vhost.amqpUrl, replicaOf: first });
    });
    afterAll(async () => {
      for (const svc of [late, second, first]) await svc?.close();
      if (first) await removeServiceData(first);
      await vhost?.remove();
    });

    it("when events are shared out between two replicas' durable consumers, then both answer from every one, and a replica started later loads the same from the store", async () => {
      const products = Array.from({ length: 6 }, () => productId());
      for (const [n, id] of products.entries()) await publish(first, events.productCreated(id, `P${n}`, unique('cat')));
      const orders = products
        .slice(1)
        .map((id) => ({ orderId: randomUUID(), userId: unique('buyer'), productIds: [products[0] ?? '', id] }));
      const handledBy = async () =>
        (await handledEventCount(first.app, 'order.confirmed')) +
        (await handledEventCount(second.app, 'order.confirmed'));
      for (const order of orders)
        await publish(first, events.orderConfirmed(order.orderId, order.userId, order.productIds));

      await waitFor(
        async () =>
          (await handledBy()) === orders.length && (await purchasesOf(first).countDocuments()) === orders.length,
        { timeoutMs: 20000, description: 'every order stored once' },
      );
      const expected = products.slice(1).sort();
      await waitFor(
        async () =>
          (await listed(first, products[0] ?? '')).sort().join() === expected.join() &&
          (await listed(second, products[0] ?? '')).sort().join() === expected.join(),
        {
          timeoutMs: 20000,
          description: 'both replicas to list every product bought with the first',
        },
      );
      expect(await metric(first, 'shopwire_recommendation_purchases_counted')).toBe(orders.length);
      expect(await metric(second, 'shopwire_recommendation_purchases_counted')).toBe(orders.length);

      late = await startRecommendationService({ issuer, amqpUrl: vhost.amqpUrl, replicaOf: first });

      expect(await listed(late, products[0] ?? '')).toEqual(await listed(first, products[0] ?? ''));
      expect(await metric(late, 'shopwire_recommendation_purchases_counted')).toBe(orders.length);
    });
  });

  describe('through a broker outage', () => {
    let broker: OwnBroker;
    let svc: TestService;

    beforeAll(async () => {
      broker = await startOwnBroker();
      svc = await startRecommendationService({ issuer, amqpUrl: broker.url });
    }, 120000);
    afterAll(async () => {
      await svc?.close();
      if (svc) await removeServiceData(svc).catch(() => undefined);
      await broker?.destroy();
    }, 120000);

    it('when the broker comes back, then the replica reads the store again and learns what another replica stored meanwhile', async () => {
      const [kettle, tea] = [productId(), productId()];
      await publish(svc, events.productCreated(kettle, 'Kettle', 'kitchen'));
      await publish(svc, events.productCreated(tea, 'Tea', 'pantry'));
      await waitFor(async () => (await alsoBought(svc, tea)).statusCode === 200, {
        timeoutMs: 20000,
        description: 'the products known',
      });
      const loadsBefore = await loads(svc);

      await broker.stop();
      // Another replica stored this order while this one had no feed: it is only in the store.
      await purchasesOf(svc).insertOne({
        _id: randomUUID(),
        userId: unique('elsewhere'),
        productIds: [kettle, tea],
        at: new Date(),
        cancelled: false,
      } as never);
      await broker.start();

      await waitFor(async () => (await loads(svc)) > loadsBefore, {
        timeoutMs: 60000,
        description: 'the state loaded again after the feed resubscribed',
      });
      expect(await listed(svc, kettle)).toEqual([tea]);
    }, 180000);
  });
});
