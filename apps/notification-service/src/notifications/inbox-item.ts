import { Type, type Static } from '@sinclair/typebox';
import { NOTIFICATION_TYPES, type Notification } from '../models/notification.model';

const MoneyView = Type.Object({ amount: Type.Integer(), currency: Type.String() }, { additionalProperties: false });

export const InboxItemSchema = Type.Object(
  {
    id: Type.String(),
    seq: Type.Integer({ description: 'position in the user\'s inbox; the SSE event id' }),
    type: Type.Union(NOTIFICATION_TYPES.map((t) => Type.Literal(t))),
    title: Type.String(),
    body: Type.String(),
    order: Type.Optional(
      Type.Object(
        { orderId: Type.String(), status: Type.String(), total: Type.Optional(MoneyView), reason: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
    ),
    read: Type.Boolean(),
    readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
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
