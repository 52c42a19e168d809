import type { UserServiceDeps } from '../deps';
import type { UserRecord } from '../models/user.model';
import { writeAddressBook } from './addresses';
import { oncePerDatabase } from './once-per-database';

const MIGRATION = 'address-books-published';

/**
 * Addresses saved before user-service published address books reach order-service once per database: each live
 * account with addresses writes its book back (a recipient, the account's name, for those saved without one) with
 * user.addresses.changed. A start-up scan, never on a request's path. Returns how many books it published.
 */
export function publishExistingAddresses(deps: UserServiceDeps): Promise<number> {
  return oncePerDatabase(deps, MIGRATION, async () => {
    let published = 0;
    const live = deps.models.users
      .find({ deletedAt: null }, { name: 1, addresses: 1, __v: 1 })
      .lean<Pick<UserRecord, '_id' | 'name' | 'addresses' | '__v'>[]>()
      .cursor();
    for await (const user of live) {
      if (!user.addresses?.length) continue;
      // A miss: the book changed since the scan read it, and that change published it.
      if (await writeAddressBook(deps, user, user.addresses, { correlationId: `migration:${MIGRATION}` })) published++;
    }
    return published;
  });
}
