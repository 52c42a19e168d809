import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * One login: the refresh token it currently accepts (hashed) and whether it was revoked. Rotating a token replaces
 * the hash in this one document, so "spend the old token, issue the new one" is a single conditional update.
 */
const sessionSchema = new Schema(
  {
    userId: { type: String, required: true, index: true },
    tokenHash: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    rotations: { type: Number, default: 0 },
    revokedAt: { type: Date, default: null },
    revokedReason: { type: String, enum: ['logout', 'reuse', 'account-deleted', null], default: null },
  },
  { timestamps: true, strict: 'throw' },
);

export type Session = InferSchemaType<typeof sessionSchema>;
export type SessionModel = Model<Session>;

export function sessionModel(connection: Connection): SessionModel {
  return (connection.models.Session as SessionModel | undefined) ?? connection.model('Session', sessionSchema);
}
