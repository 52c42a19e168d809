import { randomUUID } from 'node:crypto';
import type { GetMessage } from 'amqplib';
import { createEvent, type EventEnvelope } from '@shopwire/contracts';
import { publishTestEvent, waitFor, waitForReady } from '@shopwire/testing';
import { PermanentEventError, queuesOf } from '../src';
import { effectCounter } from './support/effects';
import { metricValue } from './support/metrics';
import { takeAll } from './support/queues';
import { startTestService, type TestService } from './support/test-service';

const meta = { source: 'user-service', correlationId: 'corr-consumer-test' };
const registered = (userId = randomUUID()): EventEnvelope<'user.registered'> =>
  createEvent('user.registered', { userId, email: `${userId}@example.com`, name: 'Grace' }, meta);

describe('consumer: duplicates, invalid messages, retries, dead letters', () => {
  let svc: TestService;
  let effects: Awaited<ReturnType<typeof effectCounter>>;
  // Per-user scripted failures: how many times the handler throws before it succeeds (Infinity: always).
  const failuresLeft = new Map<string, number>();
  const attempts = new Map<string, Array<{ attempt: number; at: number }>>();

  beforeEach(async () => {
    effects = await effectCounter();
    svc = await startTestService({
      retryDelaysMs: [200, 500],
      retryJitter: 0.2,
      handlers: {
        'user.registered': async (event, ctx) => {
          const key = event.data.userId;
          attempts.set(key, [...(attempts.get(key) ?? []), { attempt: ctx.attempt, at: Date.now() }]);
          const left = failuresLeft.get(key) ?? 0;
          if (left > 0) {
            failuresLeft.set(key, left - 1);
            throw new Error(`scripted failure for ${key}`);
          }
          await effects.apply(key);
        },
        'user.deleted': async (event) => {
          throw new PermanentEventError(`cannot delete ${event.data.userId}`);
        },
      },
    });
    await waitForReady(svc.app);
  });

  afterEach(async () => {
    await svc.app.close();
    await svc.cleanUp();
    await effects.close();
  });

  const main = (): string => queuesOf(svc.service).main;
  const dlq = (): string => queuesOf(svc.service).dlq;
  async function deadLetters(count: number): Promise<GetMessage[]> {
    const seen: GetMessage[] = [];
    await waitFor(
      async () => {
        seen.push(...(await takeAll(dlq())));
        return seen.length >= count;
      },
      { timeoutMs: 30000, description: `${count} message(s) in the DLQ` },
    );
    return seen;
  }

  it('when the same event is delivered twice, then it has one effect', async () => {
    const event = registered();

    await publishTestEvent(event, { queue: main() });
    await publishTestEvent(event, { queue: main() });
    await waitFor(
      async () =>
        (await metricValue(svc.app.metrics.registry, 'shopwire_events_duplicate_total', {
          type: 'user.registered',
        })) === 1,
      {
        timeoutMs: 20000,
        description: 'the duplicate to be acked',
      },
    );

    expect(await effects.count(event.data.userId)).toBe(1);
    expect(await takeAll(main())).toEqual([]);
  });

  it('when a message is not JSON or breaks its schema, then it goes to the DLQ at once with the reason, and the next valid one is handled', async () => {
    const notJson = registered();
    const badSchema = registered();
    const valid = registered();

    await publishTestEvent(notJson, { queue: main(), raw: '{"id": oops' });
    await publishTestEvent({ ...badSchema, data: { ...badSchema.data, email: 'not-an-email' } }, { queue: main() });
    await publishTestEvent(valid, { queue: main() });

    const dead = await deadLetters(2);
    const byId = new Map(dead.map((m) => [m.properties.messageId as string, m.properties.headers ?? {}]));
    expect(byId.get(notJson.id)).toMatchObject({
      'x-dlq-reason': 'invalid-json',
      'x-dlq-error': expect.stringMatching(/^invalid JSON/),
      'x-attempt': 1,
    });
    expect(byId.get(badSchema.id)).toMatchObject({
      'x-dlq-reason': 'invalid-schema',
      'x-dlq-error': 'data/email must match format "email"',
      'x-dlq-service': svc.service,
    });
    await waitFor(async () => (await effects.count(valid.data.userId)) === 1, {
      timeoutMs: 20000,
      description: 'the valid event to be handled',
    });
    expect(attempts.has(badSchema.data.userId)).toBe(false);
  });

  it('when a handler fails twice then succeeds, then the event is handled once, on attempt 3, after both retry delays', async () => {
    const event = registered();
    failuresLeft.set(event.data.userId, 2);

    await publishTestEvent(event, { queue: main() });
    await waitFor(async () => (await effects.count(event.data.userId)) === 1, {
      timeoutMs: 30000,
      description: 'the third attempt to succeed',
    });

    const tries = attempts.get(event.data.userId) ?? [];
    expect(tries.map((t) => t.attempt)).toEqual([1, 2, 3]);
    const [first, second, third] = tries.map((t) => t.at);
    // Lower bounds only: the tiers are 200 ms and 500 ms with ±20 % jitter.
    expect(Number(second) - Number(first)).toBeGreaterThanOrEqual(160);
    expect(Number(third) - Number(second)).toBeGreaterThanOrEqual(400);
    expect(await takeAll(dlq())).toEqual([]);
  });

  it('when a handler always fails, then after the last tier the message is in the DLQ with the error and the attempt count', async () => {
    const event = registered();
    failuresLeft.set(event.data.userId, Infinity);

    await publishTestEvent(event, { queue: main() });
    const [dead] = await deadLetters(1);

    expect(JSON.parse(String(dead?.content))).toEqual(event);
    expect(dead?.properties.headers).toMatchObject({
      'x-dlq-reason': 'handler-failed',
      'x-dlq-error': `scripted failure for ${event.data.userId}`,
      'x-attempt': 3,
    });
    expect((attempts.get(event.data.userId) ?? []).map((t) => t.attempt)).toEqual([1, 2, 3]);
    expect(await effects.count(event.data.userId)).toBe(0);
  });

  it('when a handler throws a permanent error, then the message skips the retries and goes to the DLQ', async () => {
    const event = createEvent('user.deleted', { userId: randomUUID() }, meta);

    await publishTestEvent(event, { queue: main() });
    const [dead] = await deadLetters(1);

    expect(dead?.properties.messageId).toBe(event.id);
    expect(dead?.properties.headers).toMatchObject({
      'x-dlq-reason': 'permanent-failure',
      'x-attempt': 1,
      'x-dlq-error': `cannot delete ${event.data.userId}`,
    });
  });
});
