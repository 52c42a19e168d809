import mongoose from 'mongoose';
import { testEnv, unique } from '../src';

// FerretDB on SQLite filters `{_id}` on `_ferretdb_sjson->'$._id'`; its unique _id index must be built on that same
// expression or SQLite scans the whole table for every lookup (tools/ferretdb/patches, tools/ferretdb/README.md).
// Its explain returns SQLite's EXPLAIN QUERY PLAN rows, e.g.
// "id=3 parent=0 notused=0 detail=SEARCH <table> USING INDEX <table>__id_ (<expr>=?)".

const { MongoClient, ObjectId } = mongoose.mongo;
type Db = mongoose.mongo.Db;
type Filter = Record<string, unknown>;
interface Doc {
  _id: string | mongoose.mongo.ObjectId;
  name: string;
}

const COLLECTION = 'docs';

async function sqlitePlan(db: Db, filter: Filter): Promise<string[]> {
  const res = await db.command({ explain: { find: COLLECTION, filter }, verbosity: 'queryPlanner' });
  const plan: unknown = res.queryPlanner?.Plan;
  if (!Array.isArray(plan)) throw new Error(`explain returned no SQLite plan: ${JSON.stringify(res.queryPlanner)}`);
  return plan.map(String);
}

/** True when a plan row searches the collection's _id index; false for a SCAN. */
function searchesIdIndex(plan: string[]): boolean {
  return (
    plan.some((row) => /detail=SEARCH \S+ USING INDEX \S+__id_ \(/.test(row)) &&
    !plan.some((row) => /detail=SCAN /.test(row))
  );
}

describe('the embedded store (FerretDB on SQLite)', () => {
  const client = new MongoClient(testEnv.mongoUrl, { serverSelectionTimeoutMS: 5000 });
  const db = client.db(unique('idx'));
  const stringIds = Array.from({ length: 50 }, (_, i) => `sku-${i}`);
  const probeObjectId = new ObjectId();
  const objectIds = [probeObjectId, ...Array.from({ length: 49 }, () => new ObjectId())];
  const docs = db.collection<Doc>(COLLECTION);
  let ferretdbVersion: string | undefined;

  /** Only FerretDB returns SQLite plans; on MongoDB the plan assertions are skipped, loudly. */
  function onFerret(what: string): boolean {
    if (ferretdbVersion) return true;
    console.warn(
      `SKIPPED: ${what}: the store at ${testEnv.mongoUrl} is not FerretDB (buildInfo has no ferretdbVersion)`,
    );
    return false;
  }

  beforeAll(async () => {
    await client.connect();
    const info = await db.admin().command({ buildInfo: 1 });
    ferretdbVersion = typeof info.ferretdbVersion === 'string' ? info.ferretdbVersion : undefined;
    await docs.insertMany([
      ...stringIds.map((_id, n) => ({ _id, name: `string-${n}` })),
      ...objectIds.map((_id, n) => ({ _id, name: `object-${n}` })),
    ]);
  });

  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it.each([
    { kind: 'string', _id: 'sku-17', name: 'string-17' },
    { kind: 'ObjectId', _id: probeObjectId, name: 'object-0' },
  ])(
    'when a document is looked up by its $kind _id, then the plan searches the _id index instead of scanning',
    async ({ kind, _id, name }) => {
      expect(await docs.findOne({ _id })).toMatchObject({ name });
      if (!onFerret(`${kind} _id plan`)) return;
      const plan = await sqlitePlan(db, { _id });
      expect({ plan, searchesIdIndex: searchesIdIndex(plan) }).toEqual({ plan, searchesIdIndex: true });
    },
  );

  it('when the filter cannot use the index, then the plan shows a SCAN (the check above can fail)', async () => {
    if (!onFerret('non-_id filter plan')) return;
    const plan = await sqlitePlan(db, { name: 'x' });
    expect(plan.some((row) => /detail=SCAN /.test(row))).toBe(true);
    expect(searchesIdIndex(plan)).toBe(false);
  });

  it('when a second document with an existing _id is inserted, then the unique index on the query expression rejects it', async () => {
    await expect(docs.insertOne({ _id: 'sku-0', name: 'duplicate' })).rejects.toMatchObject({ code: 11000 });
    await expect(docs.insertOne({ _id: probeObjectId, name: 'duplicate' })).rejects.toMatchObject({ code: 11000 });
    expect(await docs.countDocuments({ name: 'duplicate' })).toBe(0);
  });
});
