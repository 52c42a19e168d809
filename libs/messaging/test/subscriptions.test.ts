import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createEvent, SUBSCRIPTIONS, type EventEnvelope, type EventType } from '@shopwire/contracts';
import { createOwnVhost, waitFor, waitForReady, type OwnVhost } from '@shopwire/testing';
import type { EventHandler, EventHandlers } from '../src';
import { metricValue } from './support/metrics';
import { startTestService, type TestService } from './support/test-service';

function userRegistered(): EventEnvelope<'user.registered'> {
  const userId = randomUUID();
  return createEvent(
    'user.registered',
    { userId, email: `${userId}@example.com`, name: 'Early' },
    { source: 'user-service', correlationId: randomUUID() },
  );
}

/** Handlers for every type of notification's subscription; the ids of the user.registered events they saw. */
function notificationHandlers(): { handlers: EventHandlers; welcomed: string[] } {
  const welcomed: string[] = [];
  const ignore: EventHandler<EventType> = async () => undefined;
  const handlers = Object.fromEntries(SUBSCRIPTIONS.notification.map((type) => [type, ignore])) as EventHandlers;
  handlers['user.registered'] = async (event) => void welcomed.push(event.id);
  return { handlers, welcomed };
}

function logLines(): { stream: Writable; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { stream, lines };
}

describe('subscriptions declared by publishers', () => {
  let vhost: OwnVhost;
  const started: TestService[] = [];

  beforeEach(async () => {
    vhost = await createOwnVhost();
  });

  afterEach(async () => {
    for (const svc of started.splice(0)) {
      await svc.app.close();
      await svc.cleanUp();
    }
    await vhost.remove();
  });

  it('when user.registered is published on a brand-new broker before any consumer started, then notification started later still receives it', async () => {
    const user = await startTestService({ amqpUrl: vhost.amqpUrl, service: 'user' });
    started.push(user);
    await waitForReady(user.app);
    const event = userRegistered();

    await user.app.store.insert(user.Account, { _id: event.data.userId, email: event.data.email, outbox: [event] });
    await waitFor(async () => (await user.Account.findById(event.data.userId).lean())?.outbox.length === 0, {
      timeoutMs: 20000,
      description: 'the broker to confirm the event',
    });
    const { handlers, welcomed } = notificationHandlers();
    const notification = await startTestService({
      amqpUrl: vhost.amqpUrl,
      service: 'notification',
      role: 'notification',
      handlers,
      relay: false,
    });
    started.push(notification);

    await waitFor(() => welcomed.includes(event.id), {
      timeoutMs: 20000,
      description: 'notification to receive the early user.registered',
    });
    expect(await metricValue(user.app.metrics.registry, 'shopwire_events_unroutable_total')).toBe(0);
  });

  it('when a consumer registers handlers that differ from its subscription, then it fails at start-up naming the difference', async () => {
    const { handlers } = notificationHandlers();
    delete handlers['order.delivered'];
    const extra: EventHandlers = { ...handlers, 'product.created': async () => undefined };

    await expect(
      startTestService({
        amqpUrl: vhost.amqpUrl,
        service: 'notification',
        role: 'notification',
        handlers: extra,
        relay: false,
      }),
    ).rejects.toThrow(
      "notification: the consumer's handlers differ from its subscription in @shopwire/contracts: no handler for order.delivered; handlers for product.created outside its subscription",
    );
  });

  it('when an event with subscribers reaches no queue, then it is counted as unroutable and logged at error; a type nobody subscribes to is not', async () => {
    // A service of no role declares no subscriber's queue: the situation publishers' declarations now rule out.
    const { stream, lines } = logLines();
    const loner = await startTestService({ amqpUrl: vhost.amqpUrl, logStream: stream });
    started.push(loner);
    await waitForReady(loner.app);
    const lost = userRegistered();
    const unsubscribed = createEvent(
      'stock.released',
      { orderId: randomUUID() },
      { source: 'catalog-service', correlationId: randomUUID() },
    );

    await loner.app.store.insert(loner.Account, {
      _id: lost.data.userId,
      email: lost.data.email,
      outbox: [lost, unsubscribed],
    });

    await waitFor(async () => (await loner.Account.findById(lost.data.userId).lean())?.outbox.length === 0, {
      timeoutMs: 20000,
      description: 'the broker to confirm both events',
    });
    expect(
      await metricValue(loner.app.metrics.registry, 'shopwire_events_unroutable_total', { type: 'user.registered' }),
    ).toBe(1);
    expect(
      await metricValue(loner.app.metrics.registry, 'shopwire_events_unroutable_total', { type: 'stock.released' }),
    ).toBe(0);
    expect(lines.filter((l) => l.eventId === lost.id && l.level === 50).map((l) => l.msg)).toEqual([
      'event has subscribers but no queue was bound for its type; it is lost',
    ]);
    expect(lines.filter((l) => l.eventId === unsubscribed.id && Number(l.level) >= 40)).toEqual([]);
  });
});
