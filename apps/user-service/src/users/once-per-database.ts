import type { mongo } from 'mongoose';
import type { UserServiceDeps } from '../deps';
import { isDuplicateKey } from '@shopwire/service-kit';

/**
 * Runs a start-up migration once per database: a marker in `migrations` says it is done. Returns what the work
 * counted, 0 when it had already run.
 */
export async function oncePerDatabase(
  deps: UserServiceDeps,
  name: string,
  work: () => Promise<number>,
): Promise<number> {
  const migrations = deps.models.users.db.collection('migrations') as unknown as mongo.Collection<{
    _id: string;
    at: Date;
  }>;
  if (await migrations.findOne({ _id: name })) return 0;
  const counted = await work();
  await migrations.insertOne({ _id: name, at: new Date() }).catch((error: unknown) => {
    if (!isDuplicateKey(error)) throw error;
  });
  return counted;
}
