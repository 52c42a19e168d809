import { Type, type TSchema } from '@sinclair/typebox';

const Id = Type.String({ minLength: 1, maxLength: 128 });

export const MoneySchema = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, description: 'integer minor units (cents)' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO-4217 code' }),
  },
  { title: 'Money', additionalProperties: false },
);

const Quantity = Type.Integer({ minimum: 1, maximum: 100 });

const UserProfile = Type.Object({ userId: Id, email: Type.String({ format: 'email', maxLength: 254 }), name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
const UserRef = Type.Object({ userId: Id }, { additionalProperties: false });
const ProductSnapshot = Type.Object(
  { productId: Id, sku: Type.String({ minLength: 1, maxLength: 64 }), name: Type.String({ minLength: 1, maxLength: 200 }), price: MoneySchema, active: Type.Boolean() },
  { additionalProperties: false },
);
const ProductRef = Type.Object({ productId: Id }, { additionalProperties: false });
const OrderPlaced = Type.Object(
  {
    orderId: Id,
    userId: Id,
    items: Type.Array(Type.Object({ productId: Id, quantity: Quantity, unitPrice: MoneySchema }, { additionalProperties: false }), { minItems: 1, maxItems: 50 }),
    total: MoneySchema,
  },
  { additionalProperties: false },
);
const StockReserved = Type.Object(
  { orderId: Id, items: Type.Array(Type.Object({ productId: Id, quantity: Quantity }, { additionalProperties: false }), { minItems: 1, maxItems: 50 }) },
  { additionalProperties: false },
);
const StockRejected = Type.Object(
  { orderId: Id, reason: Type.String({ minLength: 1, maxLength: 500 }), unavailable: Type.Array(Id, { maxItems: 50 }) },
  { additionalProperties: false },
);
const OrderRef = Type.Object({ orderId: Id }, { additionalProperties: false });
const OrderTotal = Type.Object({ orderId: Id, userId: Id, total: MoneySchema }, { additionalProperties: false });
const OrderReason = Type.Object({ orderId: Id, userId: Id, reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });

/** Every event type with its data schema per version (SPEC section 8); a breaking change adds a version. */
export const EVENT_CATALOG = {
  'user.registered': { 1: UserProfile },
  'user.updated': { 1: UserProfile },
  'user.deleted': { 1: UserRef },
  'product.created': { 1: ProductSnapshot },
  'product.updated': { 1: ProductSnapshot },
  'product.archived': { 1: ProductRef },
  'order.placed': { 1: OrderPlaced },
  'stock.reserved': { 1: StockReserved },
  'stock.rejected': { 1: StockRejected },
  'stock.released': { 1: OrderRef },
  'order.confirmed': { 1: OrderTotal },
  'order.shipped': { 1: OrderTotal },
  'order.delivered': { 1: OrderTotal },
  'order.rejected': { 1: OrderReason },
  'order.cancelled': { 1: OrderReason },
} as const satisfies Record<string, Record<number, TSchema>>;

/** The version producers write today. */
export const CURRENT_VERSION = 1;
