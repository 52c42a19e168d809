import mongoose from 'mongoose';
import { JOB_LEASES, type LeaseHead } from './job-lease';

export interface JobStatusRow {
  service: string;
  job: string;
  holder: string;
  term: number;
  /** Seconds until the lease expires; null once it has (no replica holds it until one takes it over). */
  leaseLeftSeconds: number | null;
  lastRunAt: string | null;
  lastDurationMs: number | null;
  lastOutcome: string | null;
  lastError: string | null;
}

/** Every job's lease and last run in each service's database (`npm run ops -- jobs`); an operator's read, never a request's. */
export async function jobsStatus(
  mongoUrl: string,
  services: ReadonlyMap<string, string>,
  now = Date.now(),
): Promise<JobStatusRow[]> {
  const client = new mongoose.mongo.MongoClient(mongoUrl, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  try {
    const rows: JobStatusRow[] = [];
    for (const [service, database] of services) {
      const heads = await client
        .db(database)
        .collection<LeaseHead>(JOB_LEASES)
        .find({ term: { $exists: true } })
        .toArray();
      for (const head of heads.sort((a, b) => a._id.localeCompare(b._id))) {
        rows.push({
          service,
          job: head._id,
          holder: head.holder,
          term: head.term,
          leaseLeftSeconds:
            head.expiresAt.getTime() > now ? Math.round((head.expiresAt.getTime() - now) / 100) / 10 : null,
          lastRunAt: head.lastRun?.startedAt.toISOString() ?? null,
          lastDurationMs: head.lastRun?.durationMs ?? null,
          lastOutcome: head.lastRun?.outcome ?? null,
          lastError: head.lastRun?.error ?? null,
        });
      }
    }
    return rows;
  } finally {
    await client.close();
  }
}
