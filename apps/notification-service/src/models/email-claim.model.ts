import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * Whoever inserts the claim of a notification sends its email: the unique _id decides, which stays true on
 * FerretDB, where two conditional updates of one document can both succeed.
 */
export interface EmailClaim {
  _id: Types.ObjectId;
  userId: string;
  claimedAt: Date;
}

const emailClaimSchema = new Schema<EmailClaim>(
  { _id: { type: Schema.Types.ObjectId, required: true }, userId: { type: String, required: true }, claimedAt: { type: Date, required: true } },
  { collection: 'email_claims', versionKey: false },
);
emailClaimSchema.index({ userId: 1 });

export type EmailClaimModel = Model<EmailClaim>;

export function emailClaimModel(connection: Connection): EmailClaimModel {
  return (connection.models.EmailClaim as EmailClaimModel | undefined) ?? connection.model<EmailClaim>('EmailClaim', emailClaimSchema);
}
