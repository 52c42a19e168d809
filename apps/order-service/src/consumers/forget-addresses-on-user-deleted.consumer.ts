import type { EventHandler } from '@shopwire/messaging';
import { forgetAddressBook, type AddressBookCopy } from '../addresses/copy-address-book';

/** user.deleted: the user's saved addresses are forgotten; orders already placed keep theirs. */
export function forgetAddressesOnUserDeleted(copy: AddressBookCopy): EventHandler<'user.deleted'> {
  return async (event) => {
    await forgetAddressBook(copy, event.data.userId, event.occurredAt);
  };
}
