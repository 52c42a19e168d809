import { Type, type Static } from '@sinclair/typebox';
import { PostalAddressSchema } from '@shopwire/contracts';
import {
  Int32,
  MoneyView,
  NextCursor,
  ObjectIdString,
  OptionalDefaults,
  problemResponse,
  Timestamp,
} from '@shopwire/service-kit';
import { ORDER_STATUSES } from '../../models/order.model';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Reference = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });
const Status = Type.Union(ORDER_STATUSES.map((status) => Type.Literal(status)));
// What the contracts allow for ids, names and reasons that reach an order through events (libs/contracts).
const EventId = Type.String({ maxLength: 128 });
const Reason = Type.String({ maxLength: 500 });
const MAX_LINES = 50;
const MAX_PAGE = 100;
const CURSOR_MAX = 200;

// One shape with a saved address (the contracts): `name` is the recipient, `label` optional.
export const ShippingAddressSchema = PostalAddressSchema;

export const PlaceOrderBody = Type.Object(
  {
    items: Type.Array(Type.Object({ productId: Reference, quantity: Int32(1, 100) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: MAX_LINES,
    }),
    shippingAddress: Type.Optional(ShippingAddressSchema),
    addressId: Type.Optional({
      ...Reference,
      description:
        'the id of an address the caller saved with user-service; the order carries that address as its shippingAddress (422 ADDRESS_NOT_FOUND when the caller has no such address)',
    }),
    payment: Type.Object({ method: Type.Literal('card'), token: Text(200) }, { additionalProperties: false }),
  },
  // Exactly one of a full address or a saved address's id.
  { additionalProperties: false, oneOf: [{ required: ['shippingAddress'] }, { required: ['addressId'] }] },
);
export type PlaceOrderBody = Static<typeof PlaceOrderBody>;

export const PlaceOrderRefused = problemResponse(
  'PRODUCT_UNAVAILABLE (unknown or archived), DUPLICATE_ORDER_LINE, MIXED_CURRENCIES, ADDRESS_NOT_FOUND (addressId names no address the caller saved) or IDEMPOTENCY_KEY_REUSED (the key came with another body)',
);

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({
    minLength: 1,
    maxLength: 255,
    pattern: '^[\\x21-\\x7E]+$',
    description: 'a client-chosen key, one per order',
  }),
});

export const OrderParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const ListOrdersQuery = OptionalDefaults(
  Type.Object(
    {
      limit: Int32(1, MAX_PAGE, { default: 20 }),
      cursor: Type.Optional(Type.String({ maxLength: CURSOR_MAX })),
      userId: Type.Optional({ ...Reference, description: 'admins only: one user’s orders' }),
      status: Type.Optional(Status),
    },
    { additionalProperties: false },
  ),
);

const PaymentRecordView = Type.Object(
  {
    id: Type.String({ maxLength: 128, description: "the payment provider's reference" }),
    amount: MoneyView,
    at: Timestamp(),
  },
  { additionalProperties: false },
);

export const OrderView = Type.Object(
  {
    id: ObjectIdString,
    userId: EventId,
    status: Status,
    reason: Type.Optional(Reason),
    items: Type.Array(
      Type.Object(
        {
          productId: EventId,
          sku: Type.String({ maxLength: 64 }),
          name: Type.String({ maxLength: 200 }),
          quantity: Int32(1, 100),
          unitPrice: MoneyView,
          lineTotal: MoneyView,
        },
        { additionalProperties: false },
      ),
      { maxItems: MAX_LINES },
    ),
    total: MoneyView,
    shippingAddress: Type.Optional(ShippingAddressSchema),
    addressId: Type.Optional(Reference),
    payment: Type.Object(
      {
        method: Type.Literal('card'),
        charge: Type.Optional(PaymentRecordView),
        refund: Type.Optional(PaymentRecordView),
        declinedAt: Type.Optional(Timestamp()),
      },
      { additionalProperties: false },
    ),
    // The statuses form no cycle, so an order enters each at most once.
    history: Type.Array(
      Type.Object({ status: Status, at: Timestamp(), reason: Type.Optional(Reason) }, { additionalProperties: false }),
      { maxItems: ORDER_STATUSES.length },
    ),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  },
  { additionalProperties: false },
);
export type OrderView = Static<typeof OrderView>;

export const OrderPage = Type.Object(
  { items: Type.Array(OrderView, { maxItems: MAX_PAGE }), nextCursor: NextCursor(CURSOR_MAX) },
  { additionalProperties: false },
);
