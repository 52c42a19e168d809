import mongoose, { Schema, type Connection } from 'mongoose';
import { isIdFilter, recordStoreCommands, testEnv, unique } from '@shopwire/testing';
import { createAggregateStore, OUTBOX_POINTERS, type AggregateStore, type StoreKind } from '../src';

interface Counter {
  _id: string;
  n: number;
  state: string;
  outbox: Array<{ id: string }>;
}

const schema = new Schema<Counter>(
  { _id: String, n: Number, state: String, outbox: [{ _id: false, id: String }] },
  { versionKey: false },
);

describe('the store module', () => {
  let connection: Connection;
  let detected: StoreKind;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(testEnv.mongoUrl, { dbName: unique('store'), monitorCommands: true })
      .asPromise();
    detected = await createAggregateStore(connection).kind();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  const Counters = () => connection.models.Counter ?? connection.model<Counter>('Counter', schema, 'counters');

  // The semantics are the same on both paths; on FerretDB the MongoDB path is not atomic, so only the detected
  // kind takes the concurrency cases below.
  describe.each<StoreKind>(['mongodb', 'ferretdb'])('on the %s path', (kind) => {
    let store: AggregateStore;
    beforeAll(() => {
      store = createAggregateStore(connection, { kind });
    });

    it('when the predicate matches, then the change applies and the document after it is returned; when it does not, null and nothing changes', async () => {
      const id = unique('c');
      await store.insert(Counters(), { _id: id, n: 1, state: 'open', outbox: [] });

      const moved = await store.update(
        Counters(),
        id,
        { state: 'open', n: { $gte: 1 } },
        { $set: { state: 'closed' }, $inc: { n: -1 } },
      );
      const refused = await store.update(Counters(), id, { state: 'open' }, { $set: { state: 'reopened' } });
      const missing = await store.update(Counters(), unique('none'), { state: 'open' }, { $set: { state: 'x' } });

      expect(moved).toMatchObject({ _id: id, n: 0, state: 'closed' });
      expect(refused).toBeNull();
      expect(missing).toBeNull();
      expect(await store.get(Counters(), id)).toMatchObject({ n: 0, state: 'closed' });
    });

    it('when a write puts events in an outbox, then a pointer per event exists and the relay hears of the document; a refused write leaves no pointer', async () => {
      const id = unique('c');
      const heard: string[] = [];
      store.onOutbox((coll, doc) => heard.push(`${coll}:${String(doc)}`));
      await store.insert(Counters(), { _id: id, n: 0, state: 'open', outbox: [{ id: `${id}-e1` }] });
      await store.update(Counters(), id, { state: 'open' }, { $push: { outbox: { id: `${id}-e2` } } });
      await store.update(Counters(), id, { state: 'closed' }, { $push: { outbox: { id: `${id}-e3` } } });

      const pointers = await connection.collection(OUTBOX_POINTERS).find({ doc: id }).toArray();
      expect(pointers.map((p) => p._id).sort()).toEqual([`${id}-e1`, `${id}-e2`]);
      expect(heard.filter((h) => h === `counters:${id}`)).toHaveLength(2);
    });

    it('when it reads and writes documents, then every command names one document by _id or inserts', async () => {
      const id = unique('c');
      const log = recordStoreCommands(connection.getClient(), connection.name);
      await store.insert(Counters(), { _id: id, n: 5, state: 'open', outbox: [{ id: `${id}-e1` }] });
      await store.update(
        Counters(),
        id,
        { n: { $gte: 2 } },
        { $inc: { n: -2 }, $push: { outbox: { id: `${id}-e2` } } },
      );
      await store.update(
        Counters(),
        id,
        { n: { $gte: 99 } },
        { $inc: { n: -99 }, $push: { outbox: { id: `${id}-e3` } } },
      );
      await store.get(Counters(), id);
      await store.remove(Counters(), id, { n: 3 });
      log.stop();

      // On the MongoDB path a conditional write carries its predicate next to _id, atomically: that is the point.
      const expected =
        kind === 'ferretdb'
          ? []
          : log.commands.filter((c) => ['findAndModify', 'delete'].includes(c.name) && !c.filters.every(isIdFilter));
      if (kind === 'mongodb') expect(expected.length).toBeGreaterThan(0);
      expect(log.offending()).toEqual(expected);
      expect(log.commands.length).toBeGreaterThan(4);
    });
  });

  it('when 50 increments of one document race on the default pool, then none is lost', async () => {
    const store = createAggregateStore(connection);
    const id = unique('c');
    await store.insert(Counters(), { _id: id, n: 0, state: 'open', outbox: [] });

    await Promise.all(Array.from({ length: 50 }, () => store.update(Counters(), id, undefined, { $inc: { n: 1 } })));

    expect((await store.get(Counters(), id))?.n).toBe(50);
  });

  it('when 30 conditional takes race for 10 units, then exactly 10 succeed and the count never goes below 0', async () => {
    const store = createAggregateStore(connection);
    const id = unique('c');
    await store.insert(Counters(), { _id: id, n: 10, state: 'open', outbox: [] });

    const taken = await Promise.all(
      Array.from({ length: 30 }, () => store.update(Counters(), id, { n: { $gte: 1 } }, { $inc: { n: -1 } })),
    );

    expect(taken.filter((t) => t !== null)).toHaveLength(10);
    expect((await store.get(Counters(), id))?.n).toBe(0);
    expect(detected).toMatch(/^(mongodb|ferretdb)$/);
  });
});
