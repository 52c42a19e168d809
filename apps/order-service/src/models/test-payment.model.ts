import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';
import type { Money } from '@shopwire/contracts';
import { moneySchema } from './money';

/**
 * The built-in test provider's ledger: one document per charge, refund or simulated outage, keyed by an id
 * derived from its idempotency key, so the provider stays idempotent across restarts like a real one.
 */
export interface TestPayment {
  /** The provider's id of a charge or refund (ch_…, re_…), or `outage:<key>`. */
  _id: string;
  kind: 'charge' | 'refund' | 'outage';
  /** For a charge: what it pays for (the order id). */
  reference?: string;
  /** For a refund: the charge it gives back. */
  chargeId?: string;
  amount?: Money;
  at: Date;
}

const testPaymentSchema = new Schema<TestPayment>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: ['charge', 'refund', 'outage'] },
    reference: String,
    chargeId: String,
    amount: moneySchema,
    at: { type: Date, required: true },
  },
  { collection: 'test_payments', versionKey: false },
);

export type TestPaymentModel = Model<TestPayment>;

export function testPaymentModel(connection: Connection): TestPaymentModel {
  return modelOn(connection, 'TestPayment', testPaymentSchema);
}
