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
  const held = new AsyncLocalStorage<ReadonlySet<string>>();
  const lock = async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const mine = held.getStore();
    if (mine?.has(key)) return work();
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const tail = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
    tails.set(key, tail);
    await previous;
    try {
      return await held.run(new Set([...(mine ?? []), key]), work);
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
  return Object.assign(lock, { outside: <T>(fn: () => T): T => held.exit(fn) });
}
