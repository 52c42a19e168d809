import { Schema, type Connection, type HydratedDocument, type Model, type Types } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';
import { withOutbox } from '@shopwire/messaging';
import type { Money, PostalAddress } from '@shopwire/contracts';
import { moneySchema } from './money';

export const ORDER_STATUSES = ['pending', 'confirmed', 'rejected', 'cancelled', 'shipped', 'delivered'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderLine {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

export interface StatusChange {
  status: OrderStatus;
  at: Date;
  reason?: string;
}

/** Where an order goes; the shape of a saved address too (`name` is the recipient). */
export type ShippingAddress = PostalAddress;

export interface PaymentRecord {
  id: string;
  amount: Money;
  at: Date;
}

export interface OrderPayment {
  method: 'card';
  /** The provider token, kept only until the charge is settled. */
  token?: string;
  chargeAttemptedAt?: Date;
  charge?: PaymentRecord;
  declinedAt?: Date;
  refund?: PaymentRecord;
}

export interface Order {
  _id: Types.ObjectId;
  userId: string;
  idempotencyKey: string;
  requestHash: string;
  status: OrderStatus;
  reason?: string;
  items: OrderLine[];
  total: Money;
  shippingAddress?: ShippingAddress;
  /** The saved address the order was placed with, for reference; `shippingAddress` holds it as it was then. */
  addressId?: string;
  payment: OrderPayment;
  history: StatusChange[];
  confirmedAt?: Date;
  /** UTC day of confirmation, so the sales report groups without date operators. */
  confirmedDay?: string;
  createdAt: Date;
  updatedAt: Date;
}

const paymentRecordSchema = new Schema<PaymentRecord>(
  {
    id: { type: String, required: true },
    amount: { type: moneySchema, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

const orderSchema = new Schema<Order>(
  {
    userId: { type: String, required: true },
    idempotencyKey: { type: String, required: true },
    requestHash: { type: String, required: true },
    status: { type: String, required: true, enum: ORDER_STATUSES },
    reason: String,
    items: [
      new Schema<OrderLine>(
        {
          productId: { type: String, required: true },
          sku: { type: String, required: true },
          name: { type: String, required: true },
          quantity: { type: Number, required: true },
          unitPrice: { type: moneySchema, required: true },
          lineTotal: { type: moneySchema, required: true },
        },
        { _id: false },
      ),
    ],
    total: { type: moneySchema, required: true },
    shippingAddress: new Schema<ShippingAddress>(
      { label: String, name: String, line1: String, line2: String, city: String, postalCode: String, country: String },
      { _id: false },
    ),
    addressId: String,
    payment: new Schema<OrderPayment>(
      {
        method: { type: String, required: true, enum: ['card'] },
        token: String,
        chargeAttemptedAt: Date,
        charge: paymentRecordSchema,
        declinedAt: Date,
        refund: paymentRecordSchema,
      },
      { _id: false },
    ),
    history: [
      new Schema<StatusChange>(
        {
          status: { type: String, required: true, enum: ORDER_STATUSES },
          at: { type: Date, required: true },
          reason: String,
        },
        { _id: false },
      ),
    ],
    confirmedAt: Date,
    confirmedDay: String,
  },
  { collection: 'orders', timestamps: true, versionKey: false, autoIndex: false },
);

// order.placed and every status event are written in the same single-document update as the change.
orderSchema.plugin(withOutbox);

// For the lists and the report only; an order is found by its _id, which also carries the Idempotency-Key.
orderSchema.index({ userId: 1, createdAt: -1, _id: -1 });
orderSchema.index({ createdAt: -1, _id: -1 });
orderSchema.index({ status: 1, confirmedDay: 1 });

export type OrderModel = Model<Order>;
export type OrderDocument = HydratedDocument<Order>;

export function orderModel(connection: Connection): OrderModel {
  return modelOn(connection, 'Order', orderSchema);
}
