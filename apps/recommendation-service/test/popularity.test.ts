import { randomUUID } from 'node:crypto';
import { unique } from '@shopwire/testing';
import {
  alsoBought,
  events,
  forMe,
  handled,
  ownServiceForTests,
  productId,
  publish,
} from './support/recommendation-service';

describe('cold start', () => {
  const own = ownServiceForTests();

  it('when a customer has bought nothing, then they get the best sellers, most bought first, at most 3 of one category in 10, and a new product gets them too', async () => {
    // Twelve products in two categories: product n is bought by n + 1 customers, so the best sellers are the last ones.
    const catalog = Array.from({ length: 12 }, (_, n) => ({
      id: productId(),
      category: n % 4 === 0 ? 'garden' : 'kitchen',
    }));
    await handled(
      own.svc,
      'product.created',
      async () => {
        for (const [n, product] of catalog.entries())
          await publish(own.svc, events.productCreated(product.id, `Product ${n}`, product.category));
      },
      catalog.length,
    );
    const orders = catalog.flatMap((product, n) =>
      Array.from({ length: n + 1 }, () => ({
        orderId: randomUUID(),
        userId: unique('buyer'),
        productIds: [product.id],
      })),
    );
    await handled(
      own.svc,
      'order.confirmed',
      async () => {
        for (const order of orders)
          await publish(own.svc, events.orderConfirmed(order.orderId, order.userId, order.productIds));
      },
      orders.length,
    );
    const newcomer = await own.issuer.sign({ sub: unique('newcomer'), roles: ['customer'] });

    const list = await forMe(own.svc, newcomer);

    expect(list.statusCode).toBe(200);
    const categoryOf = new Map(catalog.map((p) => [p.id, p.category]));
    const byCategory = (category: string) =>
      list.items.filter((item) => categoryOf.get(item.productId) === category).length;
    expect(list.items).toHaveLength(6);
    expect(byCategory('kitchen')).toBe(3);
    expect(byCategory('garden')).toBe(3);
    // The kitchen's best three (products 11, 10, 9) and the garden's (8, 4, 0), most bought first.
    expect(list.items.map((item) => item.productId)).toEqual([11, 10, 9, 8, 4, 0].map((n) => catalog[n]?.id));
    expect(list.items.map((item) => item.score)).toEqual(
      [...list.items.map((item) => item.score)].sort((a, b) => b - a),
    );

    const fresh = productId();
    await handled(own.svc, 'product.created', () =>
      publish(own.svc, events.productCreated(fresh, 'Brand new', 'garden')),
    );
    expect((await alsoBought(own.svc, fresh)).items.map((item) => item.productId)).toEqual(
      [11, 10, 9, 8, 4, 0].map((n) => catalog[n]?.id),
    );
  });
});
