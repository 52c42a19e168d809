import type { Connection, mongo } from 'mongoose';
import { isDuplicateKey } from '../store/duplicate-key';

export const JOB_LEASES = 'job_leases';

/** How one run of a job ended. */
export interface JobRun {
  holder: string;
  startedAt: Date;
  durationMs: number;
  outcome: 'ok' | 'failed';
  error?: string;
}

/**
 * A job's lease, `_id` the job name: who may run it (`holder`, until `expiresAt`) in which `term`, and what it did
 * last. Only the holder of the current term writes it; a replica takes over by claiming the next term.
 */
export interface LeaseHead {
  _id: string;
  term: number;
  holder: string;
  expiresAt: Date;
  /** The last schedule tick that was run (or, for a new job, from when ticks count). */
  lastTick?: Date;
  lastRun?: JobRun;
}

/** The claim of one term, `_id` `<job>#<term>`: its insert is atomic on MongoDB and FerretDB alike, so one replica wins it. */
interface TermClaim {
  _id: string;
  holder: string;
  at: Date;
}

const MAX_TERMS_PER_TRY = 5;

/**
 * One replica's side of a job's lease in the service's own store. `hold` acquires or renews it: a replica holds the
 * lease while its term is the head's and has not expired by its own clock (less a safety margin); when the head
 * has expired, replicas race to insert the next term's claim, and only the one whose insert succeeds writes the
 * head. A claimer that died before writing the head is passed over once its claim is a lease time old.
 */
export class JobLease {
  private term: number | undefined;
  private validUntil = 0;

  constructor(
    private readonly connection: Connection,
    readonly job: string,
    readonly holder: string,
    readonly leaseMs: number,
  ) {}

  private get heads(): mongo.Collection<LeaseHead> {
    return this.connection.collection<LeaseHead>(JOB_LEASES) as unknown as mongo.Collection<LeaseHead>;
  }

  private get claims(): mongo.Collection<TermClaim> {
    return this.connection.collection<TermClaim>(JOB_LEASES) as unknown as mongo.Collection<TermClaim>;
  }

  /** True while this replica holds the lease (by its own clock, without asking the store). */
  held(now = Date.now()): boolean {
    return this.term !== undefined && now < this.validUntil;
  }

  /** Acquires or renews the lease; returns the head as this replica left it when it holds the lease, else undefined. */
  async hold(now = Date.now()): Promise<LeaseHead | undefined> {
    const head = await this.heads.findOne({ _id: this.job });
    if (head && this.term === head.term && head.holder === this.holder && this.held(now)) return this.renew(head, now);
    this.term = undefined;
    if (head && head.expiresAt.getTime() > now) return undefined;
    return this.claim((head?.term ?? 0) + 1, head, now);
  }

  private async renew(head: LeaseHead, now: number): Promise<LeaseHead | undefined> {
    const expiresAt = new Date(now + this.leaseMs);
    const renewed = await this.heads.updateOne(
      { _id: this.job, term: head.term, holder: this.holder },
      { $set: { expiresAt } },
    );
    if (renewed.matchedCount === 0) {
      this.term = undefined;
      return undefined;
    }
    this.validUntil = now + this.leaseMs - this.safetyMs;
    return { ...head, expiresAt };
  }

  private async claim(first: number, head: LeaseHead | null, now: number): Promise<LeaseHead | undefined> {
    for (let term = first; term < first + MAX_TERMS_PER_TRY; term += 1) {
      try {
        await this.claims.insertOne({ _id: `${this.job}#${term}`, holder: this.holder, at: new Date(now) });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const other = await this.claims.findOne({ _id: `${this.job}#${term}` });
        // Another replica won this term; unless it died before taking the lease, it holds it now.
        if (other && other.at.getTime() + this.leaseMs > now) return undefined;
        continue;
      }
      const taken: LeaseHead = {
        _id: this.job,
        term,
        holder: this.holder,
        expiresAt: new Date(now + this.leaseMs),
        ...(head?.lastTick ? { lastTick: head.lastTick } : {}),
        ...(head?.lastRun ? { lastRun: head.lastRun } : {}),
      };
      await this.heads.replaceOne({ _id: this.job }, taken, { upsert: true });
      await this.claims.deleteOne({ _id: `${this.job}#${term - 2}` }).catch(() => undefined);
      this.term = term;
      this.validUntil = now + this.leaseMs - this.safetyMs;
      return taken;
    }
    return undefined;
  }

  /** What the holder records after a run (and the tick it ran); ignored when the lease was lost meanwhile. */
  async record(update: { lastTick?: Date; lastRun?: JobRun }): Promise<void> {
    if (this.term === undefined) return;
    await this.heads.updateOne({ _id: this.job, term: this.term, holder: this.holder }, { $set: update });
  }

  /** Gives the lease up at shutdown, so another replica takes over at once instead of after the lease time. */
  async release(): Promise<void> {
    if (this.term === undefined) return;
    const term = this.term;
    this.term = undefined;
    await this.heads.updateOne({ _id: this.job, term, holder: this.holder }, { $set: { expiresAt: new Date(0) } });
  }

  /** A holder stops trusting its lease a fifth before it expires, for clock skew and a slow store. */
  private get safetyMs(): number {
    return Math.floor(this.leaseMs / 5);
  }
}
