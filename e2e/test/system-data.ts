import type mongoose from 'mongoose';
import type { RunningSystem } from '@shopwire/testing';

/** A suite's teardown: stops the system, then drops each service's database through the suite's store connection. */
export async function stopSystemAndDropData(
  system: RunningSystem | undefined,
  store: mongoose.Connection | undefined,
): Promise<void> {
  await system?.stop();
  if (!store) return;
  for (const db of Object.values(system?.databases ?? {}))
    await store
      .useDb(db)
      .dropDatabase()
      .catch(() => undefined);
  await store.close();
}
