import { createKeyedLock } from './keyed-lock';

describe('keyed lock', () => {
  it('when work for one key overlaps, then it runs one at a time in arrival order; other keys are not held up', async () => {
    const lock = createKeyedLock();
    const log: string[] = [];
    let releaseFirst!: () => void;
    const firstStarted = new Promise<void>((started) => {
      void lock('a', async () => {
        log.push('a1 start');
        started();
        await new Promise<void>((resolve) => (releaseFirst = resolve));
        log.push('a1 end');
      });
    });
    await firstStarted;
    const second = lock('a', async () => void log.push('a2'));
    await lock('b', async () => void log.push('b'));
    releaseFirst();
    await second;

    expect(log).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
  });

  it('when work fails, then the key is free again and the error reaches the caller', async () => {
    const lock = createKeyedLock();
    await expect(lock('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock('a', async () => 'next')).resolves.toBe('next');
  });

  it('when work holding a key asks for the same key again, then it runs at once instead of waiting for itself', async () => {
    const lock = createKeyedLock();
    const inner = await lock('a', () => lock('a', async () => 'inner ran'));
    expect(inner).toBe('inner ran');
  });

  it('when a second flow asks for a key held by a first, then it still waits for the first', async () => {
    const lock = createKeyedLock();
    const log: string[] = [];
    let releaseFirst!: () => void;
    let first!: Promise<void>;
    await new Promise<void>((started) => {
      first = lock('a', async () => {
        log.push('first start');
        started();
        await new Promise<void>((resolve) => (releaseFirst = resolve));
        await lock('a', async () => void log.push('first again'));
        log.push('first end');
      });
    });
    const second = lock('a', async () => void log.push('second'));
    releaseFirst();
    await Promise.all([first, second]);
    expect(log).toEqual(['first start', 'first again', 'first end', 'second']);
  });

  it('when work holding a key starts something outside the lock, then that later work waits for the key like any other flow', async () => {
    const lock = createKeyedLock();
    const log: string[] = [];
    let later!: Promise<void>;
    await lock('a', async () => {
      later = lock.outside(() => Promise.resolve().then(() => lock('a', async () => void log.push('later'))));
      await lock('a', async () => void log.push('holder again'));
      await Promise.resolve();
      log.push('holder end');
    });
    await later;
    expect(log).toEqual(['holder again', 'holder end', 'later']);
  });

  it('when work started inside a hold continues after the hold was released, then it waits for the key like anyone else', async () => {
    const lock = createKeyedLock();
    const log: string[] = [];
    let late!: Promise<void>;
    let releaseSecond!: () => void;
    await lock('a', async () => {
      // Started inside the hold, runs on after it: the hold must not come with it.
      late = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
        lock('a', async () => void log.push('late')),
      );
    });
    const second = lock('a', async () => {
      log.push('second start');
      await new Promise<void>((resolve) => (releaseSecond = resolve));
      log.push('second end');
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    releaseSecond?.();
    await Promise.all([late, second]);
    expect(log).toEqual(['second start', 'second end', 'late']);
  });
});
