import { scheduleClock } from './job-schedule';

const at = (iso: string) => new Date(iso);

describe('job schedules', () => {
  it('when an interval job last ran in an earlier tick, then the current tick is due, once', () => {
    const clock = scheduleClock({ everyMs: 60000 });
    expect(clock.dueTick(at('2026-12-06T05:58:00Z'), at('2026-12-06T06:00:30Z'))).toEqual(at('2026-12-06T06:00:00Z'));
    expect(clock.dueTick(at('2026-12-06T06:00:00Z'), at('2026-12-06T06:00:59Z'))).toBeUndefined();
    expect(clock.dueTick(undefined, at('2026-12-06T06:00:30Z'))).toEqual(at('2026-12-06T06:00:00Z'));
  });

  it('when a cron job missed several times (every replica down), then only the latest missed time is due', () => {
    const clock = scheduleClock({ cron: '0 6 * * *' });
    expect(clock.dueTick(at('2026-12-03T06:00:00Z'), at('2026-12-06T07:00:00Z'))).toEqual(at('2026-12-06T06:00:00Z'));
    expect(clock.dueTick(at('2026-12-06T06:00:00Z'), at('2026-12-06T23:00:00Z'))).toBeUndefined();
  });

  it('when a cron job has never run, then nothing is due until its first time comes', () => {
    const clock = scheduleClock({ cron: '0 6 * * *' });
    expect(clock.runsMissedFirstTick).toBe(false);
    expect(clock.dueTick(undefined, at('2026-12-06T07:00:00Z'))).toBeUndefined();
  });

  it('when the cron expression is malformed, then building the schedule fails naming it', () => {
    expect(() => scheduleClock({ cron: 'every day' })).toThrow(/CronPattern/);
  });
});
