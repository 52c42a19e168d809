import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';

export const REVOKED_REASONS = ['logout', 'reuse', 'account-deleted'] as const;

/**
 * One login: the refresh token it currently accepts (hashed), the one it accepted before (hashed, to recognise a
 * spent token coming back) and whether it was revoked. Rotating a token replaces the hashes in this one document,
 * so "spend the old token, issue the new one" is a single conditional update. The id is random (see newSessionId).
 */
export interface Session {
  _id: string;
  userId: string;
  tokenHash: string;
  previousTokenHash: string | null;
  expiresAt: Date;
  rotations: number;
  revokedAt: Date | null;
  revokedReason: (typeof REVOKED_REASONS)[number] | null;
  createdAt: Date;
  updatedAt: Date;
}

const sessionSchema = new Schema<Session>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    tokenHash: { type: String, required: true },
    previousTokenHash: { type: String, default: null },
    expiresAt: { type: Date, required: true },
    rotations: { type: Number, default: 0 },
    revokedAt: { type: Date, default: null },
    revokedReason: { type: String, enum: [...REVOKED_REASONS, null], default: null },
  },
  { timestamps: true, strict: 'throw' },
);

export type SessionModel = Model<Session>;

export function sessionModel(connection: Connection): SessionModel {
  return modelOn(connection, 'Session', sessionSchema);
}
