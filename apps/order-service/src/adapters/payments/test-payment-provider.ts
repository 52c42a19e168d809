import { createHash } from 'node:crypto';
import type { TestPayment, TestPaymentModel } from '../../models/test-payment.model';
import {
  PaymentProviderError,
  type ChargeRequest,
  type ChargeResult,
  type PaymentProvider,
  type RefundRequest,
  type RefundResult,
} from './payment-provider';
import { isDuplicateKey } from '@shopwire/service-kit';

/** The provider's id of the charge or refund made under an idempotency key: the same key, the same id. */
function providerIdFor(prefix: 'ch' | 're', idempotencyKey: string): string {
  return `${prefix}_${createHash('sha256').update(`${prefix}:${idempotencyKey}`).digest('hex').slice(0, 24)}`;
}

/** Records `entry` unless its `_id` is already recorded; either way returns what is recorded under it. */
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
 * Its ledger is read and written by `_id` only: a charge or refund is recorded under its provider id.
 */
export function createTestPaymentProvider(ledger: TestPaymentModel): PaymentProvider {
  return {
    async charge({ idempotencyKey, amount, token, reference }: ChargeRequest): Promise<ChargeResult> {
      if (token.startsWith('tok_decline')) return { outcome: 'declined', reason: 'card_declined' };
      if (token.startsWith('tok_error_once')) {
        const outage = { _id: `outage:${idempotencyKey}`, kind: 'outage' as const, at: new Date() };
        if ((await recordOnce(ledger, outage)) === outage)
          throw new PaymentProviderError('test provider: simulated outage');
      }
      const charge = await recordOnce(ledger, {
        _id: providerIdFor('ch', idempotencyKey),
        kind: 'charge',
        reference,
        amount,
        at: new Date(),
      });
      return { outcome: 'approved', chargeId: charge._id, at: charge.at };
    },

    async refund({ idempotencyKey, chargeId, amount }: RefundRequest): Promise<RefundResult> {
      const charged = await ledger.findById(chargeId, { kind: 1 }).lean<Pick<TestPayment, 'kind'>>();
      if (charged?.kind !== 'charge') throw new PaymentProviderError(`test provider: no charge ${chargeId}`);
      const refund = await recordOnce(ledger, {
        _id: providerIdFor('re', idempotencyKey),
        kind: 'refund',
        chargeId,
        amount,
        at: new Date(),
      });
      return { refundId: refund._id, at: refund.at };
    },
  };
}
