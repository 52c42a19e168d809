import type { mongo } from 'mongoose';
import { JOB_LEASES, type LeaseHead } from '@shopwire/service-kit';

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

/** Every job's lease and last run in one service's database (`npm run ops -- jobs`); an operator's read. */
export async function jobRows(service: string, db: mongo.Db, now: number): Promise<JobStatusRow[]> {
  const heads = await db
    .collection<LeaseHead>(JOB_LEASES)
    .find({ term: { $exists: true } })
    .toArray();
  return heads
    .sort((a, b) => a._id.localeCompare(b._id))
    .map((head) => ({
      service,
      job: head._id,
      holder: head.holder,
      term: head.term,
      leaseLeftSeconds: head.expiresAt.getTime() > now ? Math.round((head.expiresAt.getTime() - now) / 100) / 10 : null,
      lastRunAt: head.lastRun?.startedAt.toISOString() ?? null,
      lastDurationMs: head.lastRun?.durationMs ?? null,
      lastOutcome: head.lastRun?.outcome ?? null,
      lastError: head.lastRun?.error ?? null,
    }));
}
