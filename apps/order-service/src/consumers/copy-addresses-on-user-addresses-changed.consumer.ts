import { defineConsumer } from '@shopwire/messaging';
import { copyAddressBook, type AddressBookCopy } from '../addresses/copy-address-book';

/** user.addresses.changed keeps the local copy of the user's saved addresses; an older revision is dropped (guarded by it). */
export const copyAddressesOnUserAddressesChanged = defineConsumer(
  'user.addresses.changed',
  (copy: AddressBookCopy) => async (event, ctx) => {
    const applied = await copyAddressBook(copy, event.data);
    if (!applied)
      ctx.log.debug(
        { userId: event.data.userId, revision: event.data.revision, eventId: event.id },
        'stale address book ignored',
      );
  },
  { selfGuarded: true },
);
