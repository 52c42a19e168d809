import { defineConsumer } from '@shopwire/messaging';
import { forgetAddressBook, type AddressBookCopy } from '../addresses/copy-address-book';

/** user.deleted: the user's saved addresses are forgotten (guarded by the deletion); orders already placed keep theirs. */
export const forgetAddressesOnUserDeleted = defineConsumer(
  'user.deleted',
  (copy: AddressBookCopy) => async (event) => {
    await forgetAddressBook(copy, event.data.userId, event.occurredAt);
  },
  { selfGuarded: true },
);
