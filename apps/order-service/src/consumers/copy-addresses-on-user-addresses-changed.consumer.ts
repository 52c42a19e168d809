import type { EventHandler } from '@shopwire/messaging';
import { copyAddressBook, type AddressBookCopy } from '../addresses/copy-address-book';

/** user.addresses.changed keeps the local copy of the user's saved addresses; an older revision is dropped. */
export function copyAddressesOnUserAddressesChanged(copy: AddressBookCopy): EventHandler<'user.addresses.changed'> {
  return async (event, ctx) => {
    const applied = await copyAddressBook(copy, event.data);
    if (!applied) ctx.log.debug({ userId: event.data.userId, revision: event.data.revision, eventId: event.id }, 'stale address book ignored');
  };
}
