import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { SingleLineText } from './text.schemas';

const Id = Type.String({ minLength: 1, maxLength: 128 });

export const MoneySchema = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, description: 'integer minor units (cents)' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO-4217 code' }),
  },
  { title: 'Money', additionalProperties: false },
);
/** An amount of money everywhere in the system: integer minor units and an ISO-4217 currency (SPEC section 3). */
export type Money = Static<typeof MoneySchema>;

const Quantity = Type.Integer({ minimum: 1, maximum: 100 });

const UserProfile = Type.Object(
  {
    userId: Id,
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
const UserRef = Type.Object({ userId: Id }, { additionalProperties: false });
// Access tokens carry the account's access version (claim `av`) at issue; this change refuses those issued before it.
const UserRolesChanged = Type.Object(
  {
    userId: Id,
    roles: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 10 }),
    accessVersion: Type.Integer({
      minimum: 0,
      description: 'tokens of this user whose `av` claim is lower are refused from now on',
    }),
  },
  { additionalProperties: false },
);

/** A delivery address: saved by a user and shipped to by an order, one shape for both (`name` is the recipient). */
export const PostalAddressSchema = Type.Object(
  {
    label: Type.Optional(
      SingleLineText({ minLength: 1, maxLength: 50, description: 'what the user calls it, e.g. "home"' }),
    ),
    name: SingleLineText({ minLength: 1, maxLength: 200, notBlank: true, description: 'the recipient' }),
    line1: SingleLineText({ minLength: 1, maxLength: 200, notBlank: true }),
    line2: Type.Optional(SingleLineText({ maxLength: 200 })),
    city: SingleLineText({ minLength: 1, maxLength: 100, notBlank: true }),
    postalCode: SingleLineText({ minLength: 1, maxLength: 20, notBlank: true }),
    country: Type.String({ pattern: '^[A-Z]{2}$', maxLength: 2, description: 'ISO 3166-1 alpha-2' }),
  },
  { additionalProperties: false },
);
export type PostalAddress = Static<typeof PostalAddressSchema>;
/** An account keeps at most this many saved addresses. */
export const MAX_SAVED_ADDRESSES = 20;
// The whole address book at one revision: a consumer keeps the highest revision it saw, whatever the arrival order.
const UserAddresses = Type.Object(
  {
    userId: Id,
    revision: Type.Integer({ minimum: 0, description: "grows with every change of this user's addresses" }),
    addresses: Type.Array(Type.Object({ id: Id, ...PostalAddressSchema.properties }, { additionalProperties: false }), {
      maxItems: MAX_SAVED_ADDRESSES,
    }),
  },
  { additionalProperties: false },
);
const ProductSnapshot = Type.Object(
  {
    productId: Id,
    sku: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    price: MoneySchema,
    active: Type.Boolean(),
  },
  { additionalProperties: false },
);
// Version 2 adds the product's category (its slug), which recommendation-service needs to vary its lists.
const ProductSnapshotV2 = Type.Object(
  {
    ...ProductSnapshot.properties,
    category: Type.String({ minLength: 1, maxLength: 100, description: "the slug of the product's category" }),
  },
  { additionalProperties: false },
);
const ProductRef = Type.Object({ productId: Id }, { additionalProperties: false });
const OrderLines = Type.Array(
  Type.Object({ productId: Id, quantity: Quantity, unitPrice: MoneySchema }, { additionalProperties: false }),
  { minItems: 1, maxItems: 50 },
);
const OrderPlaced = Type.Object(
  {
    orderId: Id,
    userId: Id,
    items: OrderLines,
    total: MoneySchema,
  },
  { additionalProperties: false },
);
const StockReserved = Type.Object(
  {
    orderId: Id,
    items: Type.Array(Type.Object({ productId: Id, quantity: Quantity }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 50,
    }),
  },
  { additionalProperties: false },
);
const StockRejected = Type.Object(
  { orderId: Id, reason: Type.String({ minLength: 1, maxLength: 500 }), unavailable: Type.Array(Id, { maxItems: 50 }) },
  { additionalProperties: false },
);
const OrderRef = Type.Object({ orderId: Id }, { additionalProperties: false });
const OrderTotal = Type.Object({ orderId: Id, userId: Id, total: MoneySchema }, { additionalProperties: false });
// Version 2 of order.confirmed adds what was bought, so a consumer can learn from orders without asking order-service.
const OrderConfirmedV2 = Type.Object({ ...OrderTotal.properties, items: OrderLines }, { additionalProperties: false });
const OrderReason = Type.Object(
  { orderId: Id, userId: Id, reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);

const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'a UTC calendar day' });
// The previous day's sales, computed by order-service at REPORT_CRON: one entry per currency, the best-selling products.
const DailySalesReport = Type.Object(
  {
    date: Day,
    days: Type.Array(
      Type.Object(
        { date: Day, orders: Type.Integer({ minimum: 0 }), revenue: MoneySchema },
        { additionalProperties: false },
      ),
      { maxItems: 20 },
    ),
    topProducts: Type.Array(
      Type.Object(
        {
          productId: Id,
          name: Type.String({ minLength: 1, maxLength: 200 }),
          quantity: Type.Integer({ minimum: 0 }),
          revenue: MoneySchema,
        },
        { additionalProperties: false },
      ),
      { maxItems: 10 },
    ),
  },
  { additionalProperties: false },
);

// webhook-service turned a partner's endpoint off on its own account; the admins hear of it.
const WebhookEndpointDisabled = Type.Object(
  {
    endpointId: Id,
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    reason: Type.Union([Type.Literal('gone'), Type.Literal('failing')], {
      description: '`gone`: it answered 410; `failing`: no success for the configured time',
    }),
    disabledAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

/**
 * Every event type with its data schema per version (SPEC section 8). A later version only adds fields to the one
 * before (docs/messaging.md), so a consumer written for version N handles every version from N on.
 */
export const EVENT_CATALOG = {
  'user.registered': { 1: UserProfile },
  'user.updated': { 1: UserProfile },
  'user.deleted': { 1: UserRef },
  'user.addresses.changed': { 1: UserAddresses },
  'user.roles.changed': { 1: UserRolesChanged },
  'product.created': { 1: ProductSnapshot, 2: ProductSnapshotV2 },
  'product.updated': { 1: ProductSnapshot, 2: ProductSnapshotV2 },
  'product.archived': { 1: ProductRef },
  'order.placed': { 1: OrderPlaced },
  'stock.reserved': { 1: StockReserved },
  'stock.rejected': { 1: StockRejected },
  'stock.released': { 1: OrderRef },
  'order.confirmed': { 1: OrderTotal, 2: OrderConfirmedV2 },
  'order.shipped': { 1: OrderTotal },
  'order.delivered': { 1: OrderTotal },
  'order.rejected': { 1: OrderReason },
  'order.cancelled': { 1: OrderReason },
  'report.sales.daily': { 1: DailySalesReport },
  'webhook.endpoint.disabled': { 1: WebhookEndpointDisabled },
} as const satisfies Record<string, Record<number, TSchema>>;

/**
 * The version each type's producer writes today. Kept apart from the catalog so a new version can be added (and
 * consumers deployed that accept it) before its producer switches to it.
 */
export const CURRENT_VERSIONS = {
  'user.registered': 1,
  'user.updated': 1,
  'user.deleted': 1,
  'user.addresses.changed': 1,
  'user.roles.changed': 1,
  'product.created': 2,
  'product.updated': 2,
  'product.archived': 1,
  'order.placed': 1,
  'stock.reserved': 1,
  'stock.rejected': 1,
  'stock.released': 1,
  'order.confirmed': 2,
  'order.shipped': 1,
  'order.delivered': 1,
  'order.rejected': 1,
  'order.cancelled': 1,
  'report.sales.daily': 1,
  'webhook.endpoint.disabled': 1,
} as const satisfies { [T in keyof typeof EVENT_CATALOG]: keyof (typeof EVENT_CATALOG)[T] };
