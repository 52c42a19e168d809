import type { UserServiceDeps } from '../deps';
import type { UserRecord } from '../models/user.model';
import { isDuplicateKey } from '@shopwire/service-kit';
import { oncePerDatabase } from './once-per-database';

const MIGRATION = 'email-keys';

/** Points the email's key at this account; true when it had to be written. */
async function keyEmail(deps: UserServiceDeps, user: Pick<UserRecord, '_id' | 'emailNormalized'>): Promise<boolean> {
  const {
    store,
    models: { emails, users },
  } = deps;
  const email = user.emailNormalized;
  const userId = user._id.toHexString();
  try {
    await store.insert(emails, { _id: email, userId });
    return true;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const key = await store.get(emails, email);
  if (!key || key.userId === userId) return false;
  // A registration of this email during the migration wrote a key, then lost to this account's unique email.
  const owner = await store.get(users, key.userId, { deletedAt: 1, emailNormalized: 1 });
  if (owner && owner.deletedAt === null && owner.emailNormalized === email) return false;
  return (await store.update(emails, email, { userId: key.userId }, { $set: { userId } })) !== null;
}

/**
 * Accounts created before emails had keys get one, once per database (a marker in `migrations` says it is done);
 * until then they cannot log in. A start-up scan, never on a request's path. Returns how many keys it wrote.
 */
export function keyExistingEmails(deps: UserServiceDeps): Promise<number> {
  return oncePerDatabase(deps, MIGRATION, async () => {
    let keyed = 0;
    const live = deps.models.users
      .find({ deletedAt: null }, { emailNormalized: 1 })
      .lean<Pick<UserRecord, '_id' | 'emailNormalized'>[]>()
      .cursor();
    for await (const user of live) if (await keyEmail(deps, user)) keyed++;
    return keyed;
  });
}
