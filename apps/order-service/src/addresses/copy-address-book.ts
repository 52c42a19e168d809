import type { EventData } from '@shopwire/contracts';
import type { AggregateStore } from '@shopwire/service-kit';
import type { AddressBookModel, SavedAddress } from '../models/address-book.model';
import { isDuplicateKey } from '@shopwire/service-kit';

export interface AddressBookCopy {
  store: AggregateStore;
  addressBooks: AddressBookModel;
}

/**
 * user.addresses.changed: the user's whole book replaces the copy unless the copy holds a newer revision or the user
 * was deleted (events may arrive out of order, and twice). A conditional update of an existing copy, else an insert
 * of a new one; an insert that collides met a copy written meanwhile, which the conditional update then settles.
 * False when the event was stale.
 */
export async function copyAddressBook(
  { store, addressBooks }: AddressBookCopy,
  data: EventData<'user.addresses.changed'>,
): Promise<boolean> {
  const { userId, revision, addresses } = data;
  const older = { revision: { $lt: revision }, forgottenAt: null };
  const update = { $set: { addresses, revision } };
  if (await store.update(addressBooks, userId, older, update)) return true;
  try {
    await store.insert(addressBooks, { _id: userId, addresses, revision, forgottenAt: null });
    return true;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  return (await store.update(addressBooks, userId, older, update)) !== null;
}

/** user.deleted: the book is emptied for good; a late address event finds it forgotten and changes nothing. */
export async function forgetAddressBook(
  { store, addressBooks }: AddressBookCopy,
  userId: string,
  occurredAt: string,
): Promise<void> {
  await store.update(
    addressBooks,
    userId,
    undefined,
    { $set: { addresses: [], forgottenAt: new Date(occurredAt) } },
    { upsert: true },
  );
}

/** The saved address of this user with this id, or undefined: another user's address is not in the book. */
export async function savedAddress(
  { store, addressBooks }: AddressBookCopy,
  userId: string,
  addressId: string,
): Promise<SavedAddress | undefined> {
  const book = await store.get(addressBooks, userId);
  return book?.addresses.find((address) => address.id === addressId);
}
