import { randomUUID } from 'node:crypto';
import type { TestPayment, TestPaymentModel } from '../models/test-payment.model';
import { PaymentProviderError, type ChargeRequest, type ChargeResult, type PaymentProvider, type RefundRequest, type RefundResult } from './payment-provider';

const DUPLICATE_KEY = 11000;

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number }).code === DUPLICATE_KEY;
}

/** Records `entry` unless its key is already recorded; either way returns what is recorded under the key. */
async function recordOnce(ledger: TestPaymentModel, entry: TestPayment): Promise<TestPayment> {
  try {
    await ledger.collection.insertOne(entry as never);
    return entry;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const existing = await ledger.findById(entry._id).lean<TestPayment>();
    if (!existing) throw error;
    return existing;
  }
}

/**
 * The built-in test provider (SPEC section 6): `tok_decline*` is declined, anything else approved.
 * `tok_error_once*` fails with a provider error on the first attempt of a charge, as an outage would.
 */
export function createTestPaymentProvider(ledger: TestPaymentModel): PaymentProvider {
  return {
    async charge({ idempotencyKey, amount, token, reference }: ChargeRequest): Promise<ChargeResult> {
      if (token.startsWith('tok_decline')) return { outcome: 'declined', reason: 'card_declined' };
      if (token.startsWith('tok_error_once')) {
        const outage = { _id: `outage:${idempotencyKey}`, kind: 'outage' as const, at: new Date() };
        if ((await recordOnce(ledger, outage)) === outage) throw new PaymentProviderError('test provider: simulated outage');
      }
      const charge = await recordOnce(ledger, {
        _id: `charge:${idempotencyKey}`,
        kind: 'charge',
        reference,
        providerId: `ch_${randomUUID()}`,
        amount,
        at: new Date(),
      });
      return { outcome: 'approved', chargeId: String(charge.providerId), at: charge.at };
    },

    async refund({ idempotencyKey, chargeId, amount }: RefundRequest): Promise<RefundResult> {
      const charged = await ledger.exists({ kind: 'charge', providerId: chargeId });
      if (!charged) throw new PaymentProviderError(`test provider: no charge ${chargeId}`);
      const refund = await recordOnce(ledger, { _id: `refund:${idempotencyKey}`, kind: 'refund', providerId: `re_${randomUUID()}`, chargeId, amount, at: new Date() });
      return { refundId: String(refund.providerId), at: refund.at };
    },
  };
}
