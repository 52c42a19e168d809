import { randomUUID } from 'node:crypto';
import { createEvent } from '@shopwire/contracts';
import { collectEvents, waitFor } from '@shopwire/testing';
import { startServiceWithEffects, type EffectCounter } from './support/service-with-effects';
import type { TestService } from './support/test-service';

describe('outbox → relay → broker → consumer', () => {
  let svc: TestService;
  let effects: EffectCounter;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ svc, effects, close } = await startServiceWithEffects((counter) => ({
      handlers: { 'user.registered': async (event) => counter.apply(event.data.userId) },
    })));
  });

  afterEach(() => close());

  it('when a state change is saved with its event, then the relay publishes it and the consumer handles it once', async () => {
    const wire = await collectEvents({ types: ['user.registered'] });
    try {
      const userId = randomUUID();
      const event = createEvent(
        'user.registered',
        { userId, email: `${userId}@example.com`, name: 'Ada' },
        { source: 'user-service', correlationId: randomUUID() },
      );

      await svc.app.store.insert(svc.Account, { _id: userId, email: event.data.email, outbox: [event] });

      await waitFor(async () => (await effects.count(userId)) === 1, {
        timeoutMs: 20000,
        description: 'the handler to apply the effect',
      });
      const published = await wire.waitFor((e) => e.id === event.id);
      expect(published).toEqual(event);
      await waitFor(async () => (await svc.Account.findById(userId).lean())?.outbox.length === 0, {
        timeoutMs: 20000,
        description: 'the outbox to be emptied',
      });
      expect(await effects.count(userId)).toBe(1);
    } finally {
      await wire.close();
    }
  });
});
