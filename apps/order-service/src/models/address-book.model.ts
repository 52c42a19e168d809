import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';
import type { ShippingAddress } from './order.model';

export interface SavedAddress extends ShippingAddress {
  id: string;
}

/** order-service's copy of one user's saved addresses (`_id` is the user id), kept from user events. */
export interface AddressBook {
  _id: string;
  addresses: SavedAddress[];
  /** The revision of the newest book applied; an older one is stale and ignored. */
  revision: number;
  /** Set when the user was deleted: the book stays empty, whatever arrives late. */
  forgottenAt: Date | null;
}

const savedAddressSchema = new Schema<SavedAddress>(
  {
    id: { type: String, required: true },
    label: String,
    name: { type: String, required: true },
    line1: { type: String, required: true },
    line2: String,
    city: { type: String, required: true },
    postalCode: { type: String, required: true },
    country: { type: String, required: true },
  },
  { _id: false },
);

const addressBookSchema = new Schema<AddressBook>(
  {
    _id: { type: String, required: true },
    addresses: { type: [savedAddressSchema], default: () => [] },
    revision: { type: Number, default: -1 },
    forgottenAt: { type: Date, default: null },
  },
  { collection: 'address_books', versionKey: false },
);

export type AddressBookModel = Model<AddressBook>;

export function addressBookModel(connection: Connection): AddressBookModel {
  return modelOn(connection, 'AddressBook', addressBookSchema);
}
