import { AsyncLocalStorage } from 'node:async_hooks';

/** Runs `work` for one key at a time in this process, in arrival order; different keys run side by side. */
export interface KeyedLock {
  <T>(key: string, work: () => Promise<T>): Promise<T>;
  /**
   * Runs `fn` outside every held key: what it starts (a relay's later write of the document, say) waits for the lock
   * like anyone else instead of inheriting this flow's hold and writing in the middle of another holder's change.
   */
  outside<T>(fn: () => T): T;
}

/**
 * A lock per key. Reentrant within one async flow: work that already holds a key (an aggregate's use case calling
 * the store's own locked write, say) runs at once instead of waiting for itself.
 */
export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<void>>();
  // A hold stays in the async context of everything its work started, even after it was released: only a hold
  // still in force counts, so a late continuation of that work waits like anyone else.
  const held = new AsyncLocalStorage<ReadonlyArray<{ key: string; released: boolean }>>();
  const lock = async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const mine = (held.getStore() ?? []).filter((h) => !h.released);
    if (mine.some((h) => h.key === key)) return work();
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const tail = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
    tails.set(key, tail);
    await previous;
    const hold = { key, released: false };
    try {
      return await held.run([...mine, hold], work);
    } finally {
      hold.released = true;
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
  return Object.assign(lock, { outside: <T>(fn: () => T): T => held.exit(fn) });
}
