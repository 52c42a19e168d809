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
  purchasesOf,
} from './support/recommendation-service';

describe('a deleted user', () => {
  const own = ownServiceForTests();

  it('when a user is deleted, then their purchases leave the store and every list, and an order of theirs confirmed late does not count', async () => {
    const [saw, drill, nails] = [productId(), productId(), productId()];
    await handled(
      own.svc,
      'product.created',
      async () => {
        for (const [name, id] of [
          ['saw', saw],
          ['drill', drill],
          ['nails', nails],
        ] as const)
          await publish(own.svc, events.productCreated(id, name, unique('tools')));
      },
      3,
    );
    const userId = unique('leaving');
    const orders = [randomUUID(), randomUUID()];
    await handled(
      own.svc,
      'order.confirmed',
      async () => {
        await publish(own.svc, events.orderConfirmed(orders[0] ?? '', userId, [saw, drill]));
        await publish(own.svc, events.orderConfirmed(orders[1] ?? '', userId, [drill]));
      },
      2,
    );
    expect(await purchasesOf(own.svc).countDocuments({ _id: { $in: orders } })).toBe(2);
    expect((await alsoBought(own.svc, saw)).items.map((item) => item.productId)).toContain(drill);

    await handled(own.svc, 'user.deleted', () => publish(own.svc, events.userDeleted(userId)));

    expect(await purchasesOf(own.svc).countDocuments({ _id: { $in: orders } })).toBe(0);
    expect(await purchasesOf(own.svc).countDocuments({ userId })).toBe(0);
    expect((await alsoBought(own.svc, saw)).items.map((item) => item.productId)).not.toContain(drill);
    const token = await own.issuer.sign({ sub: userId, roles: ['customer'] });
    expect((await forMe(own.svc, token)).items.map((item) => item.productId)).not.toContain(nails);

    const late = randomUUID();
    await handled(own.svc, 'order.confirmed', () =>
      publish(own.svc, events.orderConfirmed(late, userId, [saw, nails])),
    );
    expect(await purchasesOf(own.svc).findOne({ _id: late })).toBeNull();
    expect((await alsoBought(own.svc, saw)).items.map((item) => item.productId)).not.toContain(nails);
  });
});
