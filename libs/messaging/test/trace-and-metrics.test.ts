import { randomUUID } from 'node:crypto';
import { createEvent, type EventEnvelope } from '@shopwire/contracts';
import { collectEvents, waitFor } from '@shopwire/testing';
import { metricValue } from './support/metrics';
import { startServiceWithEffects, type EffectCounter } from './support/service-with-effects';
import type { TestService } from './support/test-service';

const traceIdOf = (headers: Record<string, unknown> | undefined): string | undefined =>
  /^00-([0-9a-f]{32})-/.exec(String(headers?.traceparent))?.[1];

describe('trace context, correlation, logs and metrics across a hop', () => {
  let svc: TestService;
  let effects: EffectCounter;
  let close: () => Promise<void>;
  const logLines: Array<Record<string, unknown>> = [];

  beforeEach(async () => {
    ({ svc, effects, close } = await startServiceWithEffects((counter) => ({
      logStream: { write: (line) => void logLines.push(JSON.parse(line) as Record<string, unknown>) },
      handlers: {
        // Reacts by emitting a follow-up event in its own single-document write, as services do.
        'user.registered': async (event, ctx) => {
          const next = createEvent(
            'user.updated',
            { ...event.data, name: `${event.data.name} (welcomed)` },
            ctx.eventMeta,
          );
          await svc.app.store.update(svc.Account, event.data.userId, undefined, {
            $set: { email: event.data.email },
            $push: { outbox: next },
          });
        },
        'user.updated': async (event) => counter.apply(event.data.userId),
      },
    })));
  });

  afterEach(() => close());

  it('when a handler emits an event, then it carries the same trace and correlation, is caused by the handled one, and logs and counters show both hops', async () => {
    const wire = await collectEvents({ types: ['user.registered', 'user.updated'] });
    try {
      const userId = randomUUID();
      const first: EventEnvelope<'user.registered'> = createEvent(
        'user.registered',
        { userId, email: `${userId}@example.com`, name: 'Margaret' },
        { source: 'user-service', correlationId: `req-${userId}` },
      );

      await svc.app.store.insert(svc.Account, { _id: userId, email: first.data.email, outbox: [first] });
      const second = await wire.waitFor((e) => e.type === 'user.updated' && e.causationId === first.id, 30000);
      await waitFor(async () => (await effects.count(userId)) === 1, {
        timeoutMs: 20000,
        description: 'the follow-up to be handled',
      });

      expect(second).toMatchObject({
        correlationId: `req-${userId}`,
        causationId: first.id,
        source: `${svc.service}-service`,
      });
      const firstHeaders = wire.headers.get(first.id);
      const secondHeaders = wire.headers.get(second.id);
      expect(traceIdOf(firstHeaders)).toMatch(/^[0-9a-f]{32}$/);
      expect(traceIdOf(secondHeaders)).toBe(traceIdOf(firstHeaders));
      expect(secondHeaders?.traceparent).not.toBe(firstHeaders?.traceparent);
      expect(secondHeaders).toMatchObject({ 'x-correlation-id': `req-${userId}`, 'x-causation-id': first.id });

      const handled = logLines.filter((l) => l.msg === 'event handled' && l.correlationId === `req-${userId}`);
      expect(handled).toEqual([
        expect.objectContaining({ eventId: first.id, eventType: 'user.registered', attempt: 1 }),
        expect.objectContaining({ eventId: second.id, eventType: 'user.updated', attempt: 1 }),
      ]);

      const registry = svc.app.metrics.registry;
      expect(await metricValue(registry, 'shopwire_events_confirmed_total', { type: 'user.updated' })).toBe(1);
      // At least: other tests on the shared broker may publish user.registered too.
      expect(
        await metricValue(registry, 'shopwire_events_consumed_total', { type: 'user.registered' }),
      ).toBeGreaterThanOrEqual(1);
      expect(await metricValue(registry, 'shopwire_outbox_backlog', { collection: 'accounts' })).toBe(0);
      expect(await registry.metrics()).toMatch(/shopwire_outbox_oldest_age_seconds\{collection="accounts"/);
    } finally {
      await wire.close();
    }
  });
});
