import { Schema, type Connection, type Model, type Types } from 'mongoose';

export const REVOKED_REASONS = ['logout', 'reuse', 'account-deleted'] as const;

/**
 * One login: the refresh token it currently accepts (hashed) and whether it was revoked. Rotating a token replaces
 * the hash in this one document, so "spend the old token, issue the new one" is a single conditional update.
 */
export interface Session {
  _id: Types.ObjectId;
  userId: string;
  tokenHash: string;
  expiresAt: Date;
  rotations: number;
  revokedAt: Date | null;
  revokedReason: (typeof REVOKED_REASONS)[number] | null;
  createdAt: Date;
  updatedAt: Date;
}

const sessionSchema = new Schema<Session>(
  {
    userId: { type: String, required: true },
    tokenHash: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    rotations: { type: Number, default: 0 },
    revokedAt: { type: Date, default: null },
    revokedReason: { type: String, enum: [...REVOKED_REASONS, null], default: null },
  },
  { timestamps: true, strict: 'throw' },
);

export type SessionModel = Model<Session>;

export function sessionModel(connection: Connection): SessionModel {
  return (connection.models.Session as SessionModel | undefined) ?? connection.model<Session>('Session', sessionSchema);
}
