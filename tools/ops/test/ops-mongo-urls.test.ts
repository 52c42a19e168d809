import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { OUTBOX_POINTERS } from '@shopwire/service-kit';
import { freePort, startOwnFerret, testEnv, unique, type OwnFerret } from '@shopwire/testing';
import { loadOpsConfig } from '../src/ops-config';
import { runOps } from '../src/ops-cli';

async function ops(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runOps(
    args,
    { out: (l) => void (out += `${l}\n`), err: (l) => void (err += `${l}\n`) },
    { AMQP_URL: testEnv.amqpUrl, ...env },
  );
  return { code, out, err };
}

async function waitingEvents(url: string, db: string, coll: string, count: number): Promise<void> {
  const client = await new mongoose.mongo.MongoClient(url).connect();
  try {
    const at = new Date(Date.now() - 30_000);
    await client
      .db(db)
      .collection<{ _id: string }>(OUTBOX_POINTERS)
      .insertMany(Array.from({ length: count }, () => ({ _id: randomUUID(), coll, doc: randomUUID(), at })));
  } finally {
    await client.close();
  }
}

describe('ops CLI: one MongoDB per service', () => {
  it('when OPS_MONGO_URLS and OPS_MONGO_URL_<SERVICE> name the URLs, then each service gets its own (a replica set URL keeps its commas), the variable winning, MONGO_URL the rest', () => {
    const config = loadOpsConfig({
      MONGO_URL: 'mongodb://shared:27017',
      OPS_MONGO_URLS:
        'order=mongodb://orders-mongo-0.orders-mongo:27017,orders-mongo-1.orders-mongo:27017/?replicaSet=rs0; user=mongodb://users-mongo:27017',
      OPS_MONGO_URL_USER: 'mongodb://users-elsewhere:27017',
    });
    expect(Object.fromEntries(config.mongoUrls)).toEqual({
      user: 'mongodb://users-elsewhere:27017',
      catalog: 'mongodb://shared:27017',
      order: 'mongodb://orders-mongo-0.orders-mongo:27017,orders-mongo-1.orders-mongo:27017/?replicaSet=rs0',
      notification: 'mongodb://shared:27017',
      webhook: 'mongodb://shared:27017',
      recommendation: 'mongodb://shared:27017',
    });
  });

  it.each([
    ['order=redis://x:6379', /is not service=mongodb/],
    ['shipping=mongodb://x:27017', /OPS_SERVICES does not know/],
  ])('when OPS_MONGO_URLS holds %s, then the CLI refuses it as a usage error', async (value, message) => {
    const res = await ops(['outbox', 'status'], { OPS_MONGO_URLS: value });
    expect(res.code).toBe(2);
    expect(res.err).toMatch(message);
  });

  describe('with two MongoDB servers', () => {
    let other: OwnFerret;
    beforeAll(async () => {
      other = await startOwnFerret(await freePort());
    }, 60000);
    afterAll(async () => {
      await other?.stop();
    });

    it('when two services keep their outboxes on different servers, then `outbox status` reads each from its own', async () => {
      const [orders, users] = [unique('orders'), unique('users')];
      await waitingEvents(testEnv.mongoUrl, orders, 'orders', 3);
      await waitingEvents(other.url, users, 'accounts', 2);
      const env = {
        OPS_SERVICES: `order=${orders},user=${users}`,
        MONGO_URL: testEnv.mongoUrl,
        OPS_MONGO_URL_USER: other.url,
      };

      const res = await ops(['outbox', 'status', '--json'], env);

      expect(res.err).toBe('');
      expect(JSON.parse(res.out)).toEqual([
        { service: 'order', database: orders, collection: 'orders', backlog: 3, oldestAgeSeconds: expect.any(Number) },
        { service: 'user', database: users, collection: 'accounts', backlog: 2, oldestAgeSeconds: expect.any(Number) },
      ]);
      // With one URL for both (the old behaviour), user's outbox is not found on the order server.
      const shared = await ops(['outbox', 'status', '--json'], { ...env, OPS_MONGO_URL_USER: '' });
      expect(JSON.parse(shared.out)[1]).toMatchObject({ service: 'user', backlog: 0 });
    });
  });
});
