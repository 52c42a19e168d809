import { createHash } from 'node:crypto';
import { Schema, Types, type Connection, type Model } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';
import { NOTIFIED_EVENTS, type Money } from '@shopwire/contracts';

export const NOTIFICATION_TYPES = ['welcome', ...NOTIFIED_EVENTS] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/**
 * `committing`: the SMTP server holds the whole message and was about to be told to accept it (see smtp-mailer).
 * An attempt that finds it so after the sender died records it as sent, unconfirmed, and never sends it again.
 */
export const EMAIL_STATUSES = ['pending', 'committing', 'sent', 'skipped'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export interface OrderFacts {
  orderId: string;
  status: string;
  total?: Money;
  reason?: string;
}

/**
 * One notification per (event, user): the in-app entry (listed only when `inApp`) and the state of its email.
 * Its `_id` is derived from the event and the user (`notificationId`), so a re-run of the same event finds it by
 * `_id` and cannot insert a second; the unique (userId, seq) index keeps each number used once, even where two
 * replicas' increments of the counter race (FerretDB).
 */
export interface Notification {
  _id: Types.ObjectId;
  userId: string;
  eventId: string;
  /** Per-user, increasing: the order of the inbox and the SSE event id. */
  seq: number;
  type: NotificationType;
  title: string;
  body: string;
  order?: OrderFacts;
  inApp: boolean;
  readAt: Date | null;
  createdAt: Date;
  email: {
    status: EmailStatus;
    committedAt?: Date;
    sentAt?: Date;
    /** False when the server's acceptance was never heard: the sender died or lost the connection after the commit. */
    confirmed?: boolean;
    /** Whoever set it sends the email until then; an attempt that died or gave up leaves it to expire. */
    claimedUntil?: Date;
  };
}

/** The first 12 bytes of sha256 of the pair: an ObjectId, so ids keep the API's shape, and opaque as ever. */
export function notificationId(eventId: string, userId: string): Types.ObjectId {
  return new Types.ObjectId(
    createHash('sha256')
      .update(JSON.stringify([eventId, userId]))
      .digest()
      .subarray(0, 12),
  );
}

const moneySchema = new Schema<Money>({ amount: Number, currency: String }, { _id: false });

const notificationSchema = new Schema<Notification>(
  {
    userId: { type: String, required: true },
    eventId: { type: String, required: true },
    seq: { type: Number, required: true },
    type: { type: String, enum: NOTIFICATION_TYPES, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    order: {
      type: new Schema<OrderFacts>(
        { orderId: String, status: String, total: { type: moneySchema, default: undefined }, reason: String },
        { _id: false },
      ),
      default: undefined,
    },
    inApp: { type: Boolean, required: true },
    readAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    email: {
      status: { type: String, enum: EMAIL_STATUSES, required: true },
      committedAt: Date,
      sentAt: Date,
      confirmed: Boolean,
      claimedUntil: Date,
    },
  },
  { collection: 'notifications', versionKey: false },
);
notificationSchema.index({ userId: 1, seq: -1 }, { unique: true });

export type NotificationModel = Model<Notification>;

export function notificationModel(connection: Connection): NotificationModel {
  return modelOn(connection, 'Notification', notificationSchema);
}
