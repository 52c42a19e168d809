import { createEvent } from '@shopwire/contracts';
import { startOwnBroker, unique, waitFor, waitForReady, type OwnBroker } from '@shopwire/testing';
import { effectCounter } from './support/effects';
import { metricValue } from './support/metrics';
import { startTestService, type TestService } from './support/test-service';

const EVENTS = 1000;

describe('broker outage', () => {
  let broker: OwnBroker;
  let svc: TestService;
  let effects: Awaited<ReturnType<typeof effectCounter>>;

  beforeAll(async () => {
    broker = await startOwnBroker();
  }, 120000);

  afterAll(async () => {
    await broker.destroy();
  }, 120000);

  afterEach(async () => {
    await svc.app.close();
    await svc.cleanUp();
    await effects.close();
  });

  it('when 1,000 events are produced while connections are force-closed and the broker restarts, then all are handled once, and the service stayed ready while /health and the gauge showed the outage', async () => {
    effects = await effectCounter();
    svc = await startTestService({
      amqpUrl: broker.url,
      prefetch: 50,
      handlers: { 'user.registered': async (event) => effects.apply(event.data.userId) },
    });
    await waitForReady(svc.app, 60000);
    const prefix = unique('outage');
    let duringOutage: unknown;

    for (let i = 0; i < EVENTS; i++) {
      if (i === 250 || i === 900) await broker.closeAllConnections();
      if (i === 500) {
        await broker.stop();
        const ready = await svc.app.inject({ method: 'GET', url: '/health/ready' });
        const health = await svc.app.inject({ method: 'GET', url: '/health' });
        const metrics = await svc.app.inject({ method: 'GET', url: '/metrics' });
        duringOutage = {
          ready: ready.statusCode,
          health: health.json(),
          gauge: /shopwire_dependency_up\{dependency="broker"[^}]*\} (\d)/.exec(metrics.body)?.[1],
        };
      }
      if (i === 750) await broker.start();
      const userId = `${prefix}-${i}`;
      const event = createEvent(
        'user.registered',
        { userId, email: `${userId}@example.com`, name: 'Outage' },
        { source: 'user-service', correlationId: prefix },
      );
      await svc.app.store.insert(svc.Account, { _id: userId, email: event.data.email, outbox: [event] });
    }

    await waitFor(async () => (await effects.total()) >= EVENTS, {
      timeoutMs: 180000,
      intervalMs: 500,
      description: `${EVENTS} events to be handled`,
    });
    expect(duringOutage).toEqual({
      ready: 200,
      health: { status: 'degraded', checks: { mongo: 'up', broker: 'down' } },
      gauge: '0',
    });
    expect(await effects.total()).toBe(EVENTS);
    expect(await effects.distinct()).toBe(EVENTS);
    await waitFor(async () => (await svc.Account.countDocuments({ 'outbox.0': { $exists: true } })) === 0, {
      timeoutMs: 60000,
      intervalMs: 500,
      description: 'every outbox to be emptied',
    });
    await waitFor(async () => (await svc.app.store.pointers.status()).backlog === 0, {
      timeoutMs: 60000,
      intervalMs: 500,
      description: 'no pointer left in flight',
    });
    expect(await metricValue(svc.app.metrics.registry, 'shopwire_events_consumed_total')).toBeGreaterThanOrEqual(
      EVENTS,
    );
  }, 400000);
});
