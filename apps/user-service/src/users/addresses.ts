import { Error as MongooseError } from 'mongoose';
import { AppError, notFound } from '@shopwire/service-kit';
import type { Identity } from '../identity';
import { MAX_ADDRESSES, type AddressRecord, type UserDocument } from '../models/user.model';
import { findActiveUser } from './profile';

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

type StoredAddress = AddressRecord;

function toAddressView(address: StoredAddress): AddressView {
  const view: AddressView = { id: String(address._id), label: address.label, line1: address.line1, city: address.city, postalCode: address.postalCode, country: address.country };
  if (address.line2) view.line2 = address.line2;
  return view;
}

/**
 * Runs a change of the address list as load-modify-save; the save is conditional on the list being unchanged
 * since the load (mongoose's version key), and a concurrent change makes it start over.
 */
async function changeAddresses<T>(identity: Identity, userId: string, change: (user: UserDocument) => T): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const user = await findActiveUser(identity, userId);
    const result = change(user);
    try {
      await user.save();
      return result;
    } catch (error) {
      if (!(error instanceof MongooseError.VersionError) || attempt >= 3) throw error;
    }
  }
}

export async function listAddresses(identity: Identity, userId: string): Promise<AddressView[]> {
  return (await findActiveUser(identity, userId)).addresses.map(toAddressView);
}

export async function addAddress(identity: Identity, userId: string, input: AddressInput): Promise<AddressView> {
  return changeAddresses(identity, userId, (user) => {
    if (user.addresses.length >= MAX_ADDRESSES) {
      throw new AppError('Conflict', { code: 'TOO_MANY_ADDRESSES', status: 409, detail: `An account keeps at most ${MAX_ADDRESSES} addresses.` });
    }
    // The whole list is written back (FerretDB ignores a conditional $pull), so every change bumps the version.
    const address = user.addresses.create(input);
    user.addresses = [...user.addresses, address] as UserDocument['addresses'];
    return toAddressView(address);
  });
}

export async function removeAddress(identity: Identity, userId: string, addressId: string): Promise<void> {
  await changeAddresses(identity, userId, (user) => {
    const kept = user.addresses.filter((address) => String(address._id) !== addressId);
    if (kept.length === user.addresses.length) throw notFound('ADDRESS_NOT_FOUND', 'No such address.');
    user.addresses = kept as UserDocument['addresses'];
  });
}
