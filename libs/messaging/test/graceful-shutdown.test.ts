import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { createEvent } from '@shopwire/contracts';
import { deleteServiceQueues, dropTestDatabase, publishTestEvent, testEnv, unique, waitFor } from '@shopwire/testing';
import { queuesOf } from '../src';
import { startFixtureService } from './support/fixture-process';

interface Effect {
  _id: string;
  started?: number;
  finished?: number;
}

describe('graceful shutdown of a consumer', () => {
  it('when SIGTERM arrives while handlers run, then they finish and are acked, the rest is handled after a restart, and nothing is lost or handled twice', async () => {
    const service = unique('sigterm');
    const db = unique('sigterm');
    const env = { FIXTURE_SERVICE: service, MONGO_DB: db, AMQP_URL: testEnv.amqpUrl, FIXTURE_HANDLER_DELAY_MS: '2000' };
    const connection = await mongoose.createConnection(testEnv.mongoUrl, { dbName: db }).asPromise();
    const effects = connection.collection<Effect>('effects');
    const userIds = Array.from({ length: 40 }, () => randomUUID());
    try {
      const first = startFixtureService(env);
      await first.waitForOutput(/consuming events/, 30000);
      await Promise.all(
        userIds.map((userId) =>
          publishTestEvent(
            createEvent(
              'user.registered',
              { userId, email: `${userId}@example.com`, name: 'Term' },
              { source: 'user-service', correlationId: 'sigterm' },
            ),
            { queue: queuesOf(service).main },
          ),
        ),
      );
      await waitFor(async () => (await effects.countDocuments({ started: { $gte: 1 } })) >= 3, {
        timeoutMs: 30000,
        description: 'handlers to be running',
      });

      const { code } = await first.stop('SIGTERM', 20000);

      expect(code).toBe(0);
      const atStop = await effects.find({}).toArray();
      expect(atStop.filter((e) => e.started !== e.finished)).toEqual([]);
      // Prefetch 10 and 2 s handlers: most events were still queued, so the restart below has work to do.
      expect(atStop.length).toBeLessThan(userIds.length);

      const second = startFixtureService(env);
      try {
        await waitFor(async () => (await effects.countDocuments({ finished: { $gte: 1 } })) === userIds.length, {
          timeoutMs: 60000,
          description: 'every event to be handled',
        });
      } finally {
        await second.stop('SIGTERM', 20000);
      }
      const all = await effects.find({}).toArray();
      expect(all.map((e) => e._id).sort()).toEqual([...userIds].sort());
      expect(all.filter((e) => e.started !== 1 || e.finished !== 1)).toEqual([]);
    } finally {
      await connection.close();
      await deleteServiceQueues(queuesOf(service), 2, testEnv.amqpUrl);
      await dropTestDatabase(db);
    }
  });
});
