import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';

/**
 * Who is an admin, copied from user.roles.changed (and user.deleted): `_id` the user id. Only users whose roles ever
 * changed are here, so the list the daily report goes to is read from a handful of documents.
 */
export interface AdminEntry {
  _id: string;
  admin: boolean;
  /** The access version of the roles change it reflects: an older change arriving late changes nothing. */
  accessVersion: number;
}

const adminSchema = new Schema<AdminEntry>(
  {
    _id: { type: String, required: true },
    admin: { type: Boolean, required: true },
    accessVersion: { type: Number, required: true },
  },
  { collection: 'admins', versionKey: false, autoIndex: false },
);

export type AdminModel = Model<AdminEntry>;

export function adminModel(connection: Connection): AdminModel {
  return modelOn(connection, 'Admin', adminSchema);
}
