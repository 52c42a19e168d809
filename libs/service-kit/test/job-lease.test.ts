import { join } from 'node:path';
import { mongo } from 'mongoose';
import {
  bundleEntry,
  startProcess,
  testEnv,
  unique,
  waitFor,
  withDeadline,
  type RunningProcess,
} from '@shopwire/testing';

const EVERY_MS = 200;
const LEASE_MS = 1500;

interface RunRecord {
  tick: Date;
  replica: string;
  at: Date;
}

describe('one runner per job across replicas (a lease in the service store)', () => {
  let client: mongo.MongoClient;
  let db: mongo.Db;
  const replicas = new Map<string, RunningProcess>();

  beforeAll(async () => {
    client = await new mongo.MongoClient(testEnv.mongoUrl).connect();
  });
  afterAll(async () => {
    for (const proc of replicas.values()) proc.child.kill('SIGKILL');
    await Promise.allSettled([...replicas.values()].map((proc) => proc.exited));
    await db?.dropDatabase().catch(() => undefined);
    await client?.close();
  });

  const runs = async (): Promise<RunRecord[]> =>
    (await db.collection<RunRecord>('job_runs').find({}).toArray()).sort((a, b) => a.tick.getTime() - b.tick.getTime());
  const ticksRunTwice = (records: RunRecord[]) => {
    const seen = new Map<number, number>();
    for (const r of records) seen.set(r.tick.getTime(), (seen.get(r.tick.getTime()) ?? 0) + 1);
    return [...seen].filter(([, count]) => count > 1).map(([tick]) => new Date(tick).toISOString());
  };

  it('when two replicas run the same job, then each tick runs once; when the holder is killed -9, the other takes over within the lease time', async () => {
    const main = await bundleEntry(join(__dirname, 'fixtures', 'job-replica.ts'), 'job-replica');
    const dbName = unique('jobs');
    db = client.db(dbName);
    for (const name of ['replica-a', 'replica-b']) {
      const env = {
        ...process.env,
        PORT: '0',
        LOG_LEVEL: 'warn',
        MONGO_URL: testEnv.mongoUrl,
        MONGO_DB: dbName,
        REPLICA: name,
        JOB_EVERY_MS: String(EVERY_MS),
        JOB_LEASE_MS: String(LEASE_MS),
      };
      replicas.set(name, startProcess(process.execPath, [main], { env }));
    }

    const before = await waitFor(
      async () => {
        const records = await runs();
        return records.length >= 12 ? records : undefined;
      },
      { timeoutMs: 30000, description: '12 runs' },
    );
    expect(ticksRunTwice(before)).toEqual([]);
    const head = await db
      .collection<{ _id: string; holder: string; lastRun?: { outcome: string } }>('job_leases')
      .findOne({ _id: 'tick' });
    const holder = head?.holder as string;
    expect(['replica-a', 'replica-b']).toContain(holder);
    expect(head?.lastRun?.outcome).toBe('ok');
    // The lease keeps the job in one replica: the runs after the first takeover all came from the holder.
    expect(new Set(before.slice(-6).map((r) => r.replica))).toEqual(new Set([holder]));

    const killedAt = Date.now();
    replicas.get(holder)?.child.kill('SIGKILL');
    await withDeadline(replicas.get(holder)?.exited as Promise<unknown>, 5000, 'the holder to die');
    const other = holder === 'replica-a' ? 'replica-b' : 'replica-a';
    const takeover = await waitFor(
      async () => (await runs()).find((r) => r.replica === other && r.at.getTime() > killedAt),
      {
        timeoutMs: LEASE_MS * 4,
        intervalMs: 25,
        description: `${other} to take over`,
      },
    );

    process.stdout.write(
      `job lease: ${before.length} runs before the kill, none doubled; takeover ${takeover.at.getTime() - killedAt} ms after kill -9 (lease ${LEASE_MS} ms)\n`,
    );
    expect(takeover.at.getTime() - killedAt).toBeLessThanOrEqual(LEASE_MS + 1000);
    const after = await waitFor(
      async () => {
        const records = await runs();
        return records.filter((r) => r.replica === other && r.at.getTime() > killedAt).length >= 5
          ? records
          : undefined;
      },
      { timeoutMs: 20000, description: '5 runs after the takeover' },
    );
    expect(ticksRunTwice(after)).toEqual([]);
    expect((await db.collection('job_leases').findOne({ _id: 'tick' as never }))?.holder).toBe(other);
  }, 90000);
});
