import { Types } from 'mongoose';
import { AppError, notFound } from '@shopwire/service-kit';
import type { Identity } from '../identity';
import { MAX_ADDRESSES, type AddressRecord } from '../models/user.model';
import { findActiveUser, userKey } from './profile';

export interface AddressInput {
  label: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface AddressView extends AddressInput {
  id: string;
}

// Another replica's change in between makes the versioned write miss; a few rounds always get through.
const ATTEMPTS = 4;

function toAddressView(address: AddressRecord): AddressView {
  const view: AddressView = { id: String(address._id), label: address.label, line1: address.line1, city: address.city, postalCode: address.postalCode, country: address.country };
  if (address.line2) view.line2 = address.line2;
  return view;
}

/**
 * Changes the address list as read-modify-write of the user document. The list is written back whole (FerretDB
 * ignores a conditional `$pull`), conditional on the version read, so a change another replica made in between
 * makes this one start over; within the process the store runs one change of the document at a time.
 */
async function changeAddresses<T>(identity: Identity, userId: string, change: (addresses: AddressRecord[]) => { addresses: AddressRecord[]; result: T }): Promise<T> {
  const { store, users } = identity;
  return store.exclusive(users, userKey(userId), async () => {
    for (let attempt = 1; ; attempt++) {
      const user = await findActiveUser(identity, userId);
      const { addresses, result } = change(user.addresses);
      const saved = await store.update(users, user._id, { deletedAt: null, __v: user.__v }, { $set: { addresses }, $inc: { __v: 1 } });
      if (saved) return result;
      if (attempt >= ATTEMPTS) throw new Error(`the addresses of user ${userId} kept changing`);
    }
  });
}

export async function listAddresses(identity: Identity, userId: string): Promise<AddressView[]> {
  return (await findActiveUser(identity, userId)).addresses.map(toAddressView);
}

export async function addAddress(identity: Identity, userId: string, input: AddressInput): Promise<AddressView> {
  return changeAddresses(identity, userId, (addresses) => {
    if (addresses.length >= MAX_ADDRESSES) {
      throw new AppError('Conflict', { code: 'TOO_MANY_ADDRESSES', status: 409, detail: `An account keeps at most ${MAX_ADDRESSES} addresses.` });
    }
    const address: AddressRecord = { _id: new Types.ObjectId(), ...input };
    return { addresses: [...addresses, address], result: toAddressView(address) };
  });
}

export async function removeAddress(identity: Identity, userId: string, addressId: string): Promise<void> {
  await changeAddresses(identity, userId, (addresses) => {
    const kept = addresses.filter((address) => String(address._id) !== addressId);
    if (kept.length === addresses.length) throw notFound('ADDRESS_NOT_FOUND', 'No such address.');
    return { addresses: kept, result: undefined };
  });
}
