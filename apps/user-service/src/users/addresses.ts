import type { EventCause, PostalAddress } from '@shopwire/contracts';
import { Types } from 'mongoose';
import { conflict, notFound } from '@shopwire/service-kit';
import type { UserServiceDeps } from '../deps';
import { MAX_ADDRESSES, type AddressRecord, type UserRecord } from '../models/user.model';
import { findActiveUser, userKey } from './profile';
import { userEvent } from './user-events';

/** What a user sends to save an address (`name` is the recipient). */
export type AddressInput = PostalAddress;

export interface AddressView extends AddressInput {
  id: string;
}

type AddressBookOwner = Pick<UserRecord, '_id' | 'name' | '__v'>;

// Another replica's change in between makes the versioned write miss; a few rounds always get through.
const ATTEMPTS = 4;

/** An address saved before recipients were asked for goes to the account's holder. */
function withRecipient(address: AddressRecord, holder: string): AddressRecord {
  return address.name ? address : { ...address, name: holder };
}

function toAddressView(address: AddressRecord, holder: string): AddressView {
  const { _id, label, name, line1, line2, city, postalCode, country } = address;
  return {
    id: String(_id),
    ...(label ? { label } : {}),
    name: name ?? holder,
    line1,
    ...(line2 ? { line2 } : {}),
    city,
    postalCode,
    country,
  };
}

/**
 * Writes the user's whole address list back, with `user.addresses.changed` carrying it, in one write conditional
 * on the version read; the version after the write is the book's revision, so consumers can keep the newest.
 * False when the account changed (or was deleted) since it was read.
 */
export async function writeAddressBook(
  deps: UserServiceDeps,
  user: AddressBookOwner,
  addresses: AddressRecord[],
  meta: EventCause,
): Promise<boolean> {
  const named = addresses.map((address) => withRecipient(address, user.name));
  const event = userEvent(
    'user.addresses.changed',
    {
      userId: user._id.toHexString(),
      revision: user.__v + 1,
      addresses: named.map((a) => toAddressView(a, user.name)),
    },
    meta,
  );
  const saved = await deps.store.update(
    deps.models.users,
    user._id,
    { deletedAt: null, __v: user.__v },
    { $set: { addresses: named }, $inc: { __v: 1 }, $push: { outbox: event } },
  );
  return saved !== null;
}

/**
 * Changes the address list as read-modify-write of the user document. The list is written back whole (FerretDB
 * ignores a conditional `$pull`), conditional on the version read, so a change another replica made in between
 * makes this one start over; within the process the store runs one change of the document at a time.
 */
async function changeAddresses<T>(
  deps: UserServiceDeps,
  userId: string,
  meta: EventCause,
  change: (addresses: AddressRecord[], holder: string) => { addresses: AddressRecord[]; result: T },
): Promise<T> {
  const {
    store,
    models: { users },
  } = deps;
  return store.exclusive(users, userKey(userId), async () => {
    for (let attempt = 1; ; attempt++) {
      const user = await findActiveUser(deps, userId);
      const { addresses, result } = change(user.addresses, user.name);
      if (await writeAddressBook(deps, user, addresses, meta)) return result;
      // Another replica kept winning: the client's race, not a fault; it may try again.
      if (attempt >= ATTEMPTS)
        throw conflict('ADDRESSES_CHANGED', 'The addresses changed at the same moment; try again.');
    }
  });
}

export async function listAddresses(deps: UserServiceDeps, userId: string): Promise<AddressView[]> {
  const user = await findActiveUser(deps, userId);
  return user.addresses.map((address) => toAddressView(address, user.name));
}

export async function addAddress(
  deps: UserServiceDeps,
  userId: string,
  input: AddressInput,
  meta: EventCause,
): Promise<AddressView> {
  return changeAddresses(deps, userId, meta, (addresses, holder) => {
    if (addresses.length >= MAX_ADDRESSES) {
      throw conflict('TOO_MANY_ADDRESSES', `An account keeps at most ${MAX_ADDRESSES} addresses.`);
    }
    const address: AddressRecord = { _id: new Types.ObjectId(), ...input };
    return { addresses: [...addresses, address], result: toAddressView(address, holder) };
  });
}

export async function removeAddress(
  deps: UserServiceDeps,
  userId: string,
  addressId: string,
  meta: EventCause,
): Promise<void> {
  await changeAddresses(deps, userId, meta, (addresses) => {
    const kept = addresses.filter((address) => String(address._id) !== addressId);
    if (kept.length === addresses.length) throw notFound('ADDRESS_NOT_FOUND', 'No such address.');
    return { addresses: kept, result: undefined };
  });
}
