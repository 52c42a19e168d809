import { Type, type Static } from '@sinclair/typebox';
import { Int64, ObjectIdString, Timestamp } from '@shopwire/service-kit';
import { NOTIFICATION_TYPES, type Notification } from '../models/notification.model';

const MoneyView = Type.Object(
  {
    amount: Int64(0, undefined, { description: 'integer minor units (cents)' }),
    currency: Type.String({ maxLength: 3, pattern: '^[A-Z]{3}$' }),
  },
  { additionalProperties: false },
);
// Order ids and reasons as the order events carry them (libs/contracts); title and body are built from them.
const OrderId = Type.String({ maxLength: 128 });

export const InboxItemSchema = Type.Object(
  {
    id: ObjectIdString,
    seq: Int64(1, undefined, { description: "position in the user's inbox; the SSE event id" }),
    type: Type.Union(NOTIFICATION_TYPES.map((t) => Type.Literal(t))),
    title: Type.String({ maxLength: 300 }),
    body: Type.String({ maxLength: 1000 }),
    order: Type.Optional(
      Type.Object(
        {
          orderId: OrderId,
          status: Type.String({ maxLength: 16 }),
          total: Type.Optional(MoneyView),
          reason: Type.Optional(Type.String({ maxLength: 500 })),
        },
        { additionalProperties: false },
      ),
    ),
    read: Type.Boolean(),
    readAt: Type.Union([Timestamp(), Type.Null()]),
    createdAt: Timestamp(),
  },
  { additionalProperties: false },
);

export type InboxItem = Static<typeof InboxItemSchema>;

export function toInboxItem(doc: Notification): InboxItem {
  const item: InboxItem = {
    id: doc._id.toHexString(),
    seq: doc.seq,
    type: doc.type,
    title: doc.title,
    body: doc.body,
    read: doc.readAt !== null,
    readAt: doc.readAt ? doc.readAt.toISOString() : null,
    createdAt: doc.createdAt.toISOString(),
  };
  if (doc.order) {
    item.order = { orderId: doc.order.orderId, status: doc.order.status };
    if (doc.order.total) item.order.total = { amount: doc.order.total.amount, currency: doc.order.total.currency };
    if (doc.order.reason) item.order.reason = doc.order.reason;
  }
  return item;
}
