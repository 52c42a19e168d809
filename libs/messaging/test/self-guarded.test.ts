import { randomUUID } from 'node:crypto';
import { createEvent } from '@shopwire/contracts';
import { publishTestEvent, waitFor, waitForReady } from '@shopwire/testing';
import { queuesOf, selfGuarded } from '../src';
import { startTestService, type TestService } from './support/test-service';

describe('a self-guarded handler', () => {
  let svc: TestService;
  const seen: string[] = [];

  beforeEach(async () => {
    svc = await startTestService({
      handlers: {
        // Its own insert keyed by the event id is its idempotency record.
        'user.registered': selfGuarded(async (event) => {
          seen.push(event.id);
          await svc.app.store
            .insert(svc.Account, { _id: event.id, email: event.data.email })
            .catch((err: { code?: number }) => {
              if (err.code !== 11000) throw err;
            });
        }),
      },
    });
    await waitForReady(svc.app);
  });

  afterEach(async () => {
    await svc.app.close();
    await svc.cleanUp();
  });

  it('when an event is delivered twice, then the handler decides both times and the consumer writes no inbox record', async () => {
    const userId = randomUUID();
    const event = createEvent(
      'user.registered',
      { userId, email: `${userId}@example.com`, name: 'Grace' },
      { source: 'user-service', correlationId: randomUUID() },
    );
    const queue = queuesOf(svc.service).main;

    await publishTestEvent(event, { queue });
    await waitFor(async () => (await svc.Account.countDocuments({ _id: event.id })) === 1, {
      timeoutMs: 20000,
      description: 'the first delivery handled',
    });
    await publishTestEvent(event, { queue });
    await waitFor(async () => seen.filter((id) => id === event.id).length === 2, {
      timeoutMs: 20000,
      description: 'the second delivery handled',
    });

    expect(await svc.Account.countDocuments({ _id: event.id })).toBe(1);
    expect(
      await svc.app.mongo.collection('processed_events').countDocuments({ _id: `${svc.service}:${event.id}` } as never),
    ).toBe(0);
  });
});
