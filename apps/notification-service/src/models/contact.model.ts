import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';

export interface Preferences {
  email: boolean;
  inApp: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = { email: true, inApp: true };

/**
 * What this service knows about one user: the contact copy from user.* events and the channel opt-outs. After
 * user.deleted only a tombstone (`deletedAt`) is left, so late events for that user create nothing.
 */
export interface Contact {
  _id: string;
  email?: string;
  name?: string;
  /** occurredAt of the user event the copy comes from; an older event never overwrites a newer copy. */
  asOf?: Date;
  preferences?: Preferences;
  deletedAt?: Date;
}

const contactSchema = new Schema<Contact>(
  {
    _id: { type: String, required: true },
    email: String,
    name: String,
    asOf: Date,
    preferences: {
      type: new Schema<Preferences>({ email: Boolean, inApp: Boolean }, { _id: false }),
      default: undefined,
    },
    deletedAt: Date,
  },
  { collection: 'contacts', versionKey: false },
);

export type ContactModel = Model<Contact>;

export function contactModel(connection: Connection): ContactModel {
  return modelOn(connection, 'Contact', contactSchema);
}
