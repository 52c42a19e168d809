import type { Connection } from 'mongoose';
import { testPaymentModel } from '../../models/test-payment.model';
import type { PaymentProvider } from './payment-provider';
import { createTestPaymentProvider } from './test-payment-provider';

/** What PAYMENT_PROVIDER may name. No default: a deployment chooses its provider, even the test one (issue 14). */
export const PAYMENT_PROVIDERS = ['test'] as const;
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];

/** The provider PAYMENT_PROVIDER names, on the service's own store. */
export function createPaymentProvider(name: PaymentProviderName, connection: Connection): PaymentProvider {
  switch (name) {
    case 'test':
      return createTestPaymentProvider(testPaymentModel(connection));
  }
}
