import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { Connection } from 'mongoose';
import { Counter, Gauge, type Registry } from 'prom-client';
import { JobLease, type JobRun } from './job-lease';
import { scheduleClock, type JobSchedule, type ScheduleClock } from './job-schedule';

export interface JobDefinition {
  /** Unique per service: the lease document's `_id`. */
  name: string;
  schedule: JobSchedule;
  /** How long a dead holder keeps the job from the others (default 15 s). */
  leaseMs?: number;
  /** One run for the schedule tick `tick`; throwing marks the run failed (the next tick tries again). */
  run(tick: Date): Promise<unknown>;
}

export interface JobRunnerOptions {
  connection: Connection;
  log: FastifyBaseLogger;
  registry?: Registry;
  /** Who this replica is in the leases (default host:pid:random). */
  holder?: string;
}

interface ScheduledJob {
  definition: JobDefinition;
  lease: JobLease;
  clock: ScheduleClock;
  checkMs: number;
  timer?: NodeJS.Timeout;
  checking?: Promise<void>;
  running?: Promise<void>;
}

const DEFAULT_LEASE_MS = 15000;
const MAX_CHECK_MS = 1000;

function jobMetrics(registry: Registry | undefined) {
  const registers = registry ? [registry] : [];
  return {
    held: new Gauge({
      name: 'shopwire_job_lease_held',
      help: '1 while this replica holds the job lease',
      labelNames: ['job'],
      registers,
    }),
    lastRun: new Gauge({
      name: 'shopwire_job_last_run_timestamp_seconds',
      help: 'When this replica last started the job',
      labelNames: ['job'],
      registers,
    }),
    duration: new Gauge({
      name: 'shopwire_job_last_run_duration_seconds',
      help: 'How long the job last ran in this replica',
      labelNames: ['job'],
      registers,
    }),
    success: new Gauge({
      name: 'shopwire_job_last_run_success',
      help: '1 when the job last ran without error in this replica',
      labelNames: ['job'],
      registers,
    }),
    runs: new Counter({
      name: 'shopwire_job_runs_total',
      help: 'Job runs by outcome',
      labelNames: ['job', 'outcome'],
      registers,
    }),
  };
}

/**
 * Runs scheduled jobs in exactly one replica at a time: each job has a lease in the service's own store
 * (`job_leases`); every replica checks it a few times per lease, the holder renews it and runs the ticks that are
 * due, and when the holder dies another takes over once the lease expires. A tick counts as run once its run is
 * recorded, so a holder killed mid-run leaves the tick to its successor: jobs are written to be idempotent.
 */
export class JobRunner {
  readonly holder: string;
  private readonly jobs = new Map<string, ScheduledJob>();
  private readonly metrics;
  private started = false;
  private stopped = false;

  constructor(private readonly opts: JobRunnerOptions) {
    this.holder = opts.holder ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.metrics = jobMetrics(opts.registry);
  }

  add(definition: JobDefinition): void {
    if (this.jobs.has(definition.name)) throw new Error(`job ${definition.name} is scheduled twice`);
    const leaseMs = definition.leaseMs ?? DEFAULT_LEASE_MS;
    const clock = scheduleClock(definition.schedule);
    const everyMs = 'everyMs' in definition.schedule ? definition.schedule.everyMs : MAX_CHECK_MS;
    const checkMs = Math.max(20, Math.min(everyMs, Math.floor(leaseMs / 3), MAX_CHECK_MS));
    const job: ScheduledJob = {
      definition,
      lease: new JobLease(this.opts.connection, definition.name, this.holder, leaseMs),
      clock,
      checkMs,
    };
    this.jobs.set(definition.name, job);
    if (this.started) this.plan(job);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const job of this.jobs.values()) this.plan(job);
    this.opts.log.info(
      { holder: this.holder, jobs: [...this.jobs.values()].map((j) => `${j.definition.name}: ${j.clock.describe()}`) },
      'scheduled jobs started',
    );
  }

  /** Stops checking, waits for the runs in progress, and gives the leases up so another replica takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const job of this.jobs.values()) clearTimeout(job.timer);
    await Promise.allSettled([...this.jobs.values()].map((job) => job.checking));
    await Promise.allSettled([...this.jobs.values()].map((job) => job.running));
    await Promise.allSettled([...this.jobs.values()].map((job) => job.lease.release()));
  }

  private plan(job: ScheduledJob): void {
    if (this.stopped) return;
    job.timer = setTimeout(() => {
      job.checking = this.check(job).finally(() => {
        job.checking = undefined;
        this.plan(job);
      });
    }, job.checkMs);
    job.timer.unref();
  }

  private async check(job: ScheduledJob): Promise<void> {
    const name = job.definition.name;
    try {
      const now = new Date();
      const head = await job.lease.hold(now.getTime());
      this.metrics.held.set({ job: name }, head ? 1 : 0);
      if (!head || job.running || this.stopped) return;
      if (!head.lastTick && !job.clock.runsMissedFirstTick) {
        await job.lease.record({ lastTick: now });
        return;
      }
      const tick = job.clock.dueTick(head.lastTick, now);
      if (tick) job.running = this.execute(job, tick).finally(() => (job.running = undefined));
    } catch (error) {
      this.opts.log.warn({ job: name, err: { message: (error as Error).message } }, 'job lease check failed');
    }
  }

  private async execute(job: ScheduledJob, tick: Date): Promise<void> {
    const name = job.definition.name;
    const startedAt = new Date();
    let run: JobRun;
    try {
      await job.definition.run(tick);
      run = { holder: this.holder, startedAt, durationMs: Date.now() - startedAt.getTime(), outcome: 'ok' };
    } catch (error) {
      run = {
        holder: this.holder,
        startedAt,
        durationMs: Date.now() - startedAt.getTime(),
        outcome: 'failed',
        error: (error as Error).message.slice(0, 500),
      };
      this.opts.log.warn({ job: name, tick, err: { message: (error as Error).message } }, 'job run failed');
    }
    this.metrics.lastRun.set({ job: name }, startedAt.getTime() / 1000);
    this.metrics.duration.set({ job: name }, run.durationMs / 1000);
    this.metrics.success.set({ job: name }, run.outcome === 'ok' ? 1 : 0);
    this.metrics.runs.inc({ job: name, outcome: run.outcome });
    await job.lease
      .record({ lastTick: tick, lastRun: run })
      .catch((error: Error) =>
        this.opts.log.warn({ job: name, err: { message: error.message } }, 'job run not recorded'),
      );
  }
}
