import { Type, type Static } from '@sinclair/typebox';
import { ORDER_STATUSES } from '../../models/order.model';

const Text = (maxLength: number, minLength = 1) => Type.String({ minLength, maxLength });
const Reference = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });
const Timestamp = Type.String({ format: 'date-time' });
const Status = Type.Union(ORDER_STATUSES.map((status) => Type.Literal(status)));

export const MoneyView = Type.Object({ amount: Type.Integer(), currency: Type.String() }, { additionalProperties: false });

export const ShippingAddressSchema = Type.Object(
  {
    name: Text(200),
    line1: Text(200),
    line2: Type.Optional(Text(200, 0)),
    city: Text(100),
    postalCode: Text(20),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
  },
  { additionalProperties: false },
);

export const PlaceOrderBody = Type.Object(
  {
    items: Type.Array(Type.Object({ productId: Reference, quantity: Type.Integer({ minimum: 1, maximum: 100 }) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 50,
    }),
    shippingAddress: Type.Optional(ShippingAddressSchema),
    addressId: Type.Optional({ ...Reference, description: 'an address saved with user-service; stored as a reference' }),
    payment: Type.Object({ method: Type.Literal('card'), token: Text(200) }, { additionalProperties: false }),
  },
  // Exactly one of a full address or a saved address's id.
  { additionalProperties: false, oneOf: [{ required: ['shippingAddress'] }, { required: ['addressId'] }] },
);
export type PlaceOrderBody = Static<typeof PlaceOrderBody>;

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({ minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$', description: 'a client-chosen key, one per order' }),
});

export const OrderParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const ListOrdersQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    userId: Type.Optional({ ...Reference, description: 'admins only: one user’s orders' }),
    status: Type.Optional(Status),
  },
  { additionalProperties: false },
);

const PaymentRecordView = Type.Object({ id: Type.String(), amount: MoneyView, at: Timestamp }, { additionalProperties: false });

export const OrderView = Type.Object(
  {
    id: Type.String(),
    userId: Type.String(),
    status: Status,
    reason: Type.Optional(Type.String()),
    items: Type.Array(
      Type.Object({ productId: Type.String(), sku: Type.String(), name: Type.String(), quantity: Type.Integer(), unitPrice: MoneyView, lineTotal: MoneyView }, { additionalProperties: false }),
    ),
    total: MoneyView,
    shippingAddress: Type.Optional(ShippingAddressSchema),
    addressId: Type.Optional(Type.String()),
    payment: Type.Object(
      { method: Type.Literal('card'), charge: Type.Optional(PaymentRecordView), refund: Type.Optional(PaymentRecordView), declinedAt: Type.Optional(Timestamp) },
      { additionalProperties: false },
    ),
    history: Type.Array(Type.Object({ status: Status, at: Timestamp, reason: Type.Optional(Type.String()) }, { additionalProperties: false })),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false },
);
export type OrderView = Static<typeof OrderView>;

export const OrderPage = Type.Object({ items: Type.Array(OrderView), nextCursor: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false });
