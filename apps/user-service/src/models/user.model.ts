import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';
import { withOutbox } from '@shopwire/messaging';
import { MAX_SAVED_ADDRESSES, type EventEnvelope } from '@shopwire/contracts';

export const ROLES = ['customer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const MAX_ADDRESSES = MAX_SAVED_ADDRESSES;

export interface AddressRecord {
  _id: Types.ObjectId;
  label?: string;
  /** The recipient; addresses saved before it was asked for have none (the account's name stands in). */
  name?: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface UserRecord {
  _id: Types.ObjectId;
  email: string;
  /** Lower-cased email, the `_id` of its key in `emails`; unique here too, the last guard against two accounts. */
  emailNormalized: string;
  name: string;
  /** Null once the account is deleted: nobody can log in to it again. */
  passwordHash: string | null;
  roles: Role[];
  /**
   * Access tokens carry it (claim `av`); a change of roles sets it to the time of the change and publishes
   * `user.roles.changed`, so every verifier refuses the tokens issued before. Absent on accounts never changed: 0.
   */
  accessVersion?: number;
  addresses: AddressRecord[];
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Mongoose's version key: address changes are written back whole, conditional on it; it is also the address book's revision in its events. */
  __v: number;
  /** Events waiting for the relay (withOutbox). */
  outbox: EventEnvelope[];
}

const addressSchema = new Schema<AddressRecord>({
  label: { type: String },
  name: { type: String },
  line1: { type: String, required: true },
  line2: { type: String },
  city: { type: String, required: true },
  postalCode: { type: String, required: true },
  country: { type: String, required: true },
});

const userSchema = new Schema<UserRecord>(
  {
    email: { type: String, required: true },
    emailNormalized: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    passwordHash: { type: String, default: null },
    roles: { type: [{ type: String, enum: ROLES }], default: () => ['customer'] },
    accessVersion: { type: Number },
    addresses: { type: [addressSchema], default: () => [] },
    deletedAt: { type: Date, default: null },
  },
  { timestamps: true, strict: 'throw' },
);
// user.registered / updated / deleted / addresses.changed ride in the same document write as the change.
userSchema.plugin(withOutbox);

export type UserModel = Model<UserRecord>;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function userModel(connection: Connection): UserModel {
  return modelOn(connection, 'User', userSchema);
}
