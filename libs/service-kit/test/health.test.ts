import { createServer, type ServiceApp } from '../src';

/** An app with one readiness condition (a store) and one reported dependency (a broker), each switchable. */
async function appWith(state: { store: boolean; broker: boolean }): Promise<ServiceApp> {
  const app = createServer({ service: 'health-test', logLevel: 'silent' });
  await app.ready();
  app.readiness.add('mongo', () => state.store);
  app.dependencies.add('broker', () => state.broker);
  return app;
}

async function dependencyGauge(app: ServiceApp): Promise<string[]> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  return text.split('\n').filter((line) => line.startsWith('shopwire_dependency_up{'));
}

/** What an app in `state` answers on /health/ready, /health and its dependency gauge; the app is closed after. */
async function probe(state: { store: boolean; broker: boolean }) {
  const app = await appWith(state);
  try {
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    const health = await app.inject({ method: 'GET', url: '/health' });
    return { ready, health, gauge: await dependencyGauge(app) };
  } finally {
    await app.close();
  }
}

describe('health: readiness and dependencies', () => {
  it('when everything is up, then readiness lists its conditions and /health every dependency, all up', async () => {
    const { ready, health } = await probe({ store: true, broker: true });

    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { mongo: 'up' } });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ready', checks: { mongo: 'up', broker: 'up' } });
  });

  it('when a reported dependency is down, then the process stays ready and /health and the gauge say which one is down', async () => {
    const { ready, health, gauge } = await probe({ store: true, broker: false });

    expect(ready.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'degraded', checks: { mongo: 'up', broker: 'down' } });
    expect(gauge).toEqual([
      'shopwire_dependency_up{dependency="mongo",service="health-test"} 1',
      'shopwire_dependency_up{dependency="broker",service="health-test"} 0',
    ]);
  });

  it('when a readiness condition is down, then readiness answers 503 naming it and /health says not-ready', async () => {
    const { ready, health } = await probe({ store: false, broker: true });

    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ code: 'NOT_READY', detail: 'Unavailable: mongo', checks: { mongo: 'down' } });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'not-ready', checks: { mongo: 'down', broker: 'up' } });
  });

  it('when a dependency comes back, then the next scrape of the gauge says so', async () => {
    const state = { store: true, broker: false };
    const app = await appWith(state);

    const before = await dependencyGauge(app);
    state.broker = true;
    const after = await dependencyGauge(app);
    await app.close();

    expect(before).toContain('shopwire_dependency_up{dependency="broker",service="health-test"} 0');
    expect(after).toContain('shopwire_dependency_up{dependency="broker",service="health-test"} 1');
  });
});
