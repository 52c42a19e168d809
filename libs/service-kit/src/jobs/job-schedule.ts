import { Cron } from 'croner';

/** When a job runs: every `everyMs` (ticks aligned on the epoch) or at the times of a cron expression (UTC). */
export type JobSchedule = { everyMs: number } | { cron: string };

export interface ScheduleClock {
  /** The latest tick at or before `now`, or undefined when none has come since `after`. */
  dueTick(after: Date | undefined, now: Date): Date | undefined;
  /** Whether a job never run before runs at once (no: its first tick is awaited, so a new deployment does not start with every job at once). */
  readonly runsMissedFirstTick: boolean;
  describe(): string;
}

const MAX_CATCH_UP = 10000;

/** Checks the expression at start-up: a bad REPORT_CRON stops the service with its message. */
export function scheduleClock(schedule: JobSchedule): ScheduleClock {
  if ('everyMs' in schedule) {
    const every = schedule.everyMs;
    return {
      runsMissedFirstTick: false,
      dueTick(after, now) {
        const tick = Math.floor(now.getTime() / every) * every;
        return after && after.getTime() >= tick ? undefined : new Date(tick);
      },
      describe: () => `every ${every} ms`,
    };
  }
  const cron = new Cron(schedule.cron, { paused: true, timezone: 'UTC', mode: 'auto' });
  return {
    runsMissedFirstTick: false,
    dueTick(after, now) {
      if (!after) return undefined;
      // Missed ticks (every replica was down) are run once, as the latest of them.
      let due: Date | undefined;
      let next = cron.nextRun(after);
      for (let i = 0; next && next.getTime() <= now.getTime() && i < MAX_CATCH_UP; i += 1) {
        due = next;
        next = cron.nextRun(next);
      }
      return due;
    },
    describe: () => `cron "${schedule.cron}" (UTC)`,
  };
}
