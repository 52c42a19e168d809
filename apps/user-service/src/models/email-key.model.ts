import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';

/**
 * Which account a lower-cased email belongs to: the email is the `_id`, so a login reads one document by `_id` and
 * two registrations of one email cannot both insert it. Written before the user it names (see create-account).
 */
export interface EmailKey {
  _id: string;
  /** The user's `_id` as a hex string. */
  userId: string;
}

const emailKeySchema = new Schema<EmailKey>(
  { _id: { type: String, required: true }, userId: { type: String, required: true } },
  { collection: 'emails', versionKey: false, strict: 'throw' },
);

export type EmailKeyModel = Model<EmailKey>;

export function emailKeyModel(connection: Connection): EmailKeyModel {
  return modelOn(connection, 'EmailKey', emailKeySchema);
}
