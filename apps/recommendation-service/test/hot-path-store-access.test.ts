import { randomUUID } from 'node:crypto';
import { recordStoreCommands, type StoreCommandLog, unique } from '@shopwire/testing';
import {
  alsoBought,
  deliver,
  events,
  forMe,
  handled,
  ownServiceForTests,
  productId,
  publish,
} from './support/recommendation-service';

describe('recommendation-service hot paths touch the store only by _id or by inserts', () => {
  const own = ownServiceForTests();
  let log: StoreCommandLog;

  beforeAll(async () => {
    log = recordStoreCommands(own.svc.app.mongo.getClient(), {
      dbName: own.svc.db,
      exceptCollections: ['outbox_pointers', 'job_leases'],
    });
  });
  afterAll(() => {
    log?.stop();
  });

  it('when every event type is handled (and redelivered) and both lists are read, then every command is an insert or names one document by _id, and the lists send none', async () => {
    const step = log.step;
    const [a, b] = [productId(), productId()];
    const userId = unique('hot');
    const [kept, cancelled] = [randomUUID(), randomUUID()];
    const token = await own.issuer.sign({ sub: userId, roles: ['customer'] });

    await step('product.created', () =>
      handled(
        own.svc,
        'product.created',
        async () => {
          await publish(own.svc, events.productCreated(a, 'A', 'one'));
          await publish(own.svc, events.productCreated(b, 'B', 'two'));
        },
        2,
      ),
    );
    await step('product.updated', () =>
      handled(own.svc, 'product.updated', () => publish(own.svc, events.productUpdated(a, 'A+', 'one'))),
    );
    const confirmed = events.orderConfirmed(kept, userId, [a, b]);
    await step('order.confirmed', () =>
      handled(
        own.svc,
        'order.confirmed',
        async () => {
          await publish(own.svc, confirmed);
          await publish(own.svc, events.orderConfirmed(cancelled, userId, [a]));
        },
        2,
      ),
    );
    await step('order.confirmed delivered again', () =>
      handled(own.svc, 'order.confirmed', () => deliver(own.svc, confirmed)),
    );
    await step('order.cancelled', () =>
      handled(own.svc, 'order.cancelled', () => publish(own.svc, events.orderCancelled(cancelled, userId))),
    );
    await step('lists read', async () => {
      expect((await alsoBought(own.svc, a)).statusCode).toBe(200);
      expect((await forMe(own.svc, token)).statusCode).toBe(200);
    });
    await step('product.archived', () =>
      handled(own.svc, 'product.archived', () => publish(own.svc, events.productArchived(b))),
    );
    await step('user.deleted', () =>
      handled(own.svc, 'user.deleted', () => publish(own.svc, events.userDeleted(userId))),
    );

    const offending = log.offendingByStep();
    expect(offending).toEqual({
      'product.created': [],
      'product.updated': [],
      'order.confirmed': [],
      'order.confirmed delivered again': [],
      'order.cancelled': [],
      'lists read': [],
      'product.archived': [],
      'user.deleted': [],
    });
    expect(log.steps.get('lists read')?.commands).toEqual([]);
    expect(
      log.steps.get('user.deleted')?.commands.filter((c) => c.name === 'delete' && c.collection === 'purchases'),
    ).toHaveLength(1);
  });
});
