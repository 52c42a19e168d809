import { randomUUID } from 'node:crypto';
import { unique } from '@shopwire/testing';
import {
  alsoBought,
  deliver,
  events,
  forMe,
  handled,
  ownServiceForTests,
  productId,
  publish,
  purchasesOf,
} from './support/recommendation-service';

const ids = (items: Array<{ productId: string }>) => items.map((item) => item.productId);

describe('recommendations learnt from orders', () => {
  const own = ownServiceForTests();

  const customer = async () => {
    const userId = unique('user');
    return { userId, token: await own.issuer.sign({ sub: userId, roles: ['customer'] }) };
  };
  /** Products the service knows, by name (each named so, in a category of its own): their ids. */
  const products = async <N extends string>(...names: N[]): Promise<Record<N, string>> => {
    const created = Object.fromEntries(names.map((name) => [name, productId()])) as Record<N, string>;
    await handled(
      own.svc,
      'product.created',
      async () => {
        for (const name of names) await publish(own.svc, events.productCreated(created[name], name, unique('cat')));
      },
      names.length,
    );
    return created;
  };
  const confirm = (orderId: string, userId: string, productIds: string[]) =>
    handled(own.svc, 'order.confirmed', () => publish(own.svc, events.orderConfirmed(orderId, userId, productIds)));

  it('when orders are confirmed, then each product lists the others bought with it, with name, price and score, and a buyer gets what is like their purchases but never those', async () => {
    const { teapot, cups, kettle } = await products('teapot', 'cups', 'kettle');
    const [alice, bob] = [await customer(), await customer()];

    await confirm(randomUUID(), alice.userId, [teapot, cups]);
    await confirm(randomUUID(), bob.userId, [teapot, kettle]);

    const withTeapot = await alsoBought(own.svc, teapot);
    expect(withTeapot.statusCode).toBe(200);
    expect(ids(withTeapot.items).slice(0, 2).sort()).toEqual([cups, kettle].sort());
    expect(withTeapot.items.find((item) => item.productId === cups)).toEqual({
      productId: cups,
      name: 'cups',
      price: { amount: 1000, currency: 'EUR' },
      score: expect.any(Number),
    });
    expect(withTeapot.items.every((item) => item.score > 0)).toBe(true);
    expect(ids(withTeapot.items)).not.toContain(teapot);
    const forAlice = await forMe(own.svc, alice.token);
    expect(forAlice.statusCode).toBe(200);
    expect(ids(forAlice.items)[0]).toBe(kettle);
    expect(ids(forAlice.items)).not.toContain(teapot);
    expect(ids(forAlice.items)).not.toContain(cups);
  });

  it('when a confirmed order is cancelled, then what it taught disappears from the lists and its purchase is a tombstone', async () => {
    const { lamp, bulb } = await products('lamp', 'bulb');
    const carol = await customer();
    const orderId = randomUUID();
    await confirm(orderId, carol.userId, [lamp, bulb]);
    expect(ids((await alsoBought(own.svc, lamp)).items)).toContain(bulb);

    await handled(own.svc, 'order.cancelled', () => publish(own.svc, events.orderCancelled(orderId, carol.userId)));

    expect(ids((await alsoBought(own.svc, lamp)).items)).not.toContain(bulb);
    expect(ids((await alsoBought(own.svc, bulb)).items)).not.toContain(lamp);
    expect(ids((await forMe(own.svc, carol.token)).items)).not.toContain(bulb);
    expect(await purchasesOf(own.svc).findOne({ _id: orderId })).toEqual({ _id: orderId, cancelled: true });
  });

  it('when the cancellation arrives before the confirmation, then the order never counts', async () => {
    const { pen, ink } = await products('pen', 'ink');
    const dave = await customer();
    const orderId = randomUUID();

    await handled(own.svc, 'order.cancelled', () => publish(own.svc, events.orderCancelled(orderId, dave.userId)));
    await confirm(orderId, dave.userId, [pen, ink]);

    expect(ids((await alsoBought(own.svc, pen)).items)).not.toContain(ink);
    expect(await purchasesOf(own.svc).findOne({ _id: orderId })).toEqual({ _id: orderId, cancelled: true });
  });

  it('when a product is archived, then it is on no list any more and its own list is a 404', async () => {
    const { sofa, cushion, throwBlanket } = await products('sofa', 'cushion', 'throwBlanket');
    const erin = await customer();
    await confirm(randomUUID(), erin.userId, [sofa, cushion, throwBlanket]);
    expect(ids((await alsoBought(own.svc, sofa)).items)).toEqual(expect.arrayContaining([cushion, throwBlanket]));

    await handled(own.svc, 'product.archived', () => publish(own.svc, events.productArchived(cushion)));

    expect(ids((await alsoBought(own.svc, sofa)).items)).not.toContain(cushion);
    expect(ids((await alsoBought(own.svc, sofa)).items)).toContain(throwBlanket);
    expect(ids((await forMe(own.svc, (await customer()).token)).items)).not.toContain(cushion);
    expect(await alsoBought(own.svc, cushion)).toMatchObject({
      statusCode: 404,
      body: { code: 'PRODUCT_NOT_FOUND', status: 404 },
    });
  });

  it('when a product changes, then the lists show its new name and price, and an older change arriving late does not undo it', async () => {
    const { desk, chair } = await products('desk', 'chair');
    await confirm(randomUUID(), (await customer()).userId, [desk, chair]);
    const older = events.productUpdated(chair, 'Old chair', 'seating', 500);
    const newer = events.productUpdated(chair, 'Office chair', 'seating', 8900);

    await handled(
      own.svc,
      'product.updated',
      async () => {
        await publish(own.svc, newer);
        await publish(own.svc, { ...older, occurredAt: new Date(Date.parse(newer.occurredAt) - 60000).toISOString() });
      },
      2,
    );

    expect((await alsoBought(own.svc, desk)).items.find((item) => item.productId === chair)).toMatchObject({
      name: 'Office chair',
      price: { amount: 8900, currency: 'EUR' },
    });
  });

  it('when the broker delivers a handled confirmation again, then nothing changes', async () => {
    const { bread, butter } = await products('bread', 'butter');
    const frank = await customer();
    const event = events.orderConfirmed(randomUUID(), frank.userId, [bread, butter]);
    await handled(own.svc, 'order.confirmed', () => publish(own.svc, event));
    const before = { list: await alsoBought(own.svc, bread), stored: await purchasesOf(own.svc).countDocuments() };

    await handled(own.svc, 'order.confirmed', () => deliver(own.svc, event));
    await handled(own.svc, 'order.confirmed', () => publish(own.svc, event));

    expect(await alsoBought(own.svc, bread)).toEqual(before.list);
    expect(await purchasesOf(own.svc).countDocuments()).toBe(before.stored);
  });

  it('when an order-service of version 1 confirms an order (no items), then it is acked without effect and never dead-lettered', async () => {
    const grace = await customer();
    const orderId = randomUUID();

    await handled(own.svc, 'order.confirmed', () => publish(own.svc, events.orderConfirmedV1(orderId, grace.userId)));

    expect(await purchasesOf(own.svc).findOne({ _id: orderId })).toBeNull();
    expect((await own.svc.app.inject({ method: 'GET', url: '/metrics' })).body).not.toMatch(
      /^shopwire_events_dead_lettered_total\{[^}]*type="order\.confirmed"/m,
    );
  });
});
