import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';

/** The last number handed out in one user's inbox; its own document, so no other write to the user races with it. */
export interface InboxSequence {
  _id: string;
  seq: number;
}

const inboxSequenceSchema = new Schema<InboxSequence>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { collection: 'inbox_sequences', versionKey: false },
);

export type InboxSequenceModel = Model<InboxSequence>;

export function inboxSequenceModel(connection: Connection): InboxSequenceModel {
  return modelOn(connection, 'InboxSequence', inboxSequenceSchema);
}
