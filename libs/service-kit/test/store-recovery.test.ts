import { createServer, mongoPlugin } from '../src';
import { freePort, startOwnFerret, unique, waitFor } from '@shopwire/testing';

describe('a service whose store is down', () => {
  it('when it starts without a store, then it is not ready naming mongo, and becomes ready once the store is up', async () => {
    const port = await freePort();
    const app = createServer({ service: 'store-test', logLevel: 'silent' });
    await app.register(mongoPlugin, {
      url: `mongodb://127.0.0.1:${port}`,
      dbName: unique('kit'),
      serverSelectionTimeoutMS: 500,
    });
    await app.ready();

    const down = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ code: 'NOT_READY', detail: 'Unavailable: mongo', checks: { mongo: 'down' } });
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);

    const store = await startOwnFerret(port);
    try {
      const ready = await waitFor(
        async () => {
          const res = await app.inject({ method: 'GET', url: '/health/ready' });
          return res.statusCode === 200 ? res : undefined;
        },
        { timeoutMs: 30000, description: 'readiness after the store came up' },
      );
      expect(ready.json()).toEqual({ status: 'ready', checks: { mongo: 'up' } });
    } finally {
      await app.close();
      await store.stop();
    }
  });
});
