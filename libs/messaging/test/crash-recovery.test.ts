import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import {
  collectEvents,
  dropTestDatabase,
  freePort,
  testEnv,
  unique,
  waitFor,
  waitForReady,
  withDeadline,
} from '@shopwire/testing';
import { createEvent, type EventEnvelope } from '@shopwire/contracts';
// Not on the public entry: the relay's own list of the envelope fields it publishes from a stored entry.
import { ENVELOPE_FIELDS } from '../src/outbox.schema';
import { startFixtureService } from './support/fixture-process';
import { startTestService } from './support/test-service';

const envelopeOf = (entry: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(ENVELOPE_FIELDS.map((k) => [k, entry[k]]));

async function storedOutbox(db: string, id: string): Promise<Array<Record<string, unknown>>> {
  const connection = await mongoose.createConnection(testEnv.mongoUrl, { dbName: db }).asPromise();
  try {
    const doc = await connection
      .collection<{ _id: string; outbox?: Array<Record<string, unknown>> }>('accounts')
      .findOne({ _id: id });
    return doc?.outbox ?? [];
  } finally {
    await connection.close();
  }
}

describe('outbox crash recovery', () => {
  it('when the process is killed after the write and before the publish, then after a restart the event is published exactly as stored', async () => {
    const service = unique('crash');
    const db = unique('crash');
    const userId = randomUUID();
    const wire = await collectEvents({ types: ['user.registered'] });
    const unreachable = `amqp://guest:guest@127.0.0.1:${await freePort()}`;
    try {
      const first = startFixtureService({
        FIXTURE_SERVICE: service,
        MONGO_DB: db,
        AMQP_URL: unreachable,
        FIXTURE_WRITE_USER: userId,
        FIXTURE_CONSUME: 'false',
      });
      await first.waitForOutput(/fixture wrote the account/, 30000);
      await first.stop('SIGKILL', 20000);
      const [stored] = await storedOutbox(db, userId);
      expect(stored).toMatchObject({ type: 'user.registered', data: { userId } });

      const second = startFixtureService({
        FIXTURE_SERVICE: service,
        MONGO_DB: db,
        AMQP_URL: testEnv.amqpUrl,
        FIXTURE_CONSUME: 'false',
      });
      try {
        const published = await wire.waitFor((e) => e.id === stored?.id, 30000);

        expect(published).toEqual(envelopeOf(stored ?? {}));
        await waitFor(async () => (await storedOutbox(db, userId)).length === 0, {
          timeoutMs: 20000,
          description: 'the outbox to be emptied',
        });
        expect(wire.events.filter((e) => e.id === stored?.id)).toHaveLength(1);
      } finally {
        const { code } = await second.stop('SIGTERM', 20000);
        expect(code).toBe(0);
      }
    } finally {
      await wire.close();
      await dropTestDatabase(db);
    }
  });

  it("when a replica wrote a document and died before its relay published it, then another replica's sweep publishes it once", async () => {
    const userId = randomUUID();
    // The writer's relay never runs: as if it died right after the write.
    const writer = await startTestService({ relay: false });
    const wire = await collectEvents({ types: ['user.registered'] });
    const replica = await startTestService({
      db: writer.db,
      service: writer.service,
      outbox: { sweepIntervalMs: 200, staleAfterMs: 500 },
    });
    try {
      const event: EventEnvelope = createEvent(
        'user.registered',
        { userId, email: `${userId}@example.com`, name: 'Barbara' },
        { source: 'user-service', correlationId: randomUUID() },
      );
      await writer.app.store.insert(writer.Account, { _id: userId, email: `${userId}@example.com`, outbox: [event] });
      await waitForReady(replica.app);

      const published = await wire.waitFor((e) => e.id === event.id, 30000);

      expect(published).toEqual(event);
      await waitFor(async () => (await storedOutbox(writer.db, userId)).length === 0, {
        timeoutMs: 20000,
        description: 'the outbox to be emptied',
      });
      await waitFor(async () => (await replica.app.store.pointers.status()).backlog === 0, {
        timeoutMs: 20000,
        description: 'the pointer to be dropped',
      });
      expect(wire.events.filter((e) => e.id === event.id)).toHaveLength(1);
    } finally {
      await wire.close();
      await withDeadline(Promise.all([writer.app.close(), replica.app.close()]), 30000, 'apps to close');
      await writer.cleanUp();
    }
  });

  it('when a pointer names an event its document does not hold (a kill after the pointer and before the write, or after the removal and before the pointer went), then nothing is published and the pointer is dropped', async () => {
    const svc = await startTestService({ outbox: { sweepIntervalMs: 200, staleAfterMs: 200, abandonAfterMs: 1000 } });
    const wire = await collectEvents({ types: ['user.registered'] });
    try {
      await waitForReady(svc.app);
      const neverWritten = randomUUID();
      const alreadyRemoved = randomUUID();
      const published: EventEnvelope = createEvent(
        'user.registered',
        { userId: alreadyRemoved, email: `${alreadyRemoved}@example.com`, name: 'Ada' },
        { source: 'user-service', correlationId: randomUUID() },
      );
      // The document exists and its outbox is already empty: its event was published and pulled.
      await svc.Account.create({ _id: alreadyRemoved, email: `${alreadyRemoved}@example.com`, outbox: [] });
      await svc.app.store.pointers.add('accounts', neverWritten, [randomUUID()]);
      await svc.app.store.pointers.add('accounts', alreadyRemoved, [published.id]);
      // A control event written the normal way, published by the same sweeps: once it is out, the relay has run.
      const controlId = randomUUID();
      const control: EventEnvelope = createEvent(
        'user.registered',
        { userId: controlId, email: 'control@example.com', name: 'Control' },
        { source: 'user-service', correlationId: randomUUID() },
      );
      await svc.app.store.insert(svc.Account, { _id: controlId, email: 'control@example.com', outbox: [control] });

      await wire.waitFor((e) => e.id === control.id, 30000);
      await waitFor(async () => (await svc.app.store.pointers.status()).backlog === 0, {
        timeoutMs: 20000,
        description: 'the dead pointers to be dropped',
      });

      expect(wire.events.filter((e) => e.id === published.id)).toHaveLength(0);
      expect(wire.events.map((e) => e.id)).toEqual([control.id]);
    } finally {
      await wire.close();
      await withDeadline(svc.app.close(), 30000, 'app to close');
      await svc.cleanUp();
    }
  });
});
