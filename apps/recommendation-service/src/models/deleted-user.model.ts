import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';

/** A user whose account was deleted (`_id` = userId): an order of theirs confirmed afterwards is not counted. */
export interface DeletedUserRecord {
  _id: string;
  at: Date;
}

const deletedUserSchema = new Schema<DeletedUserRecord>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'deleted_users', versionKey: false, autoIndex: false, autoCreate: false },
);

export type DeletedUserModel = Model<DeletedUserRecord>;

export function deletedUserModel(connection: Connection): DeletedUserModel {
  return modelOn(connection, 'DeletedUser', deletedUserSchema);
}
