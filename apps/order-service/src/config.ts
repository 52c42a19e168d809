import { authConfig } from '@shopwire/auth';
import { baseConfig, brokerConfig, storeConfig } from '@shopwire/service-kit';
import { Type, type Static, type TObject } from '@sinclair/typebox';
import { PAYMENT_PROVIDERS, type PaymentProviderName } from './adapters/payments/payment-providers';

export const config = {
  ...baseConfig({ port: 3003 }),
  ...storeConfig({ database: 'orders' }),
  ...brokerConfig(),
  ...authConfig(),
  // No default: unset stops the service with one line naming it. `test` is the built-in test provider (SPEC section 6);
  // npm start, compose, the local overlay and the tests set it, a production deployment chooses.
  // SPEC section 6: a pending order older than this is rejected with reason `timeout`.
  ORDER_PENDING_DEADLINE_MS: Type.Integer({ default: 120000, minimum: 100, maximum: 86400000 }),
  // When the previous day's sales report goes to the admins: cron syntax (croner, 5 or 6 fields), UTC.
  REPORT_CRON: Type.String({ default: '0 6 * * *', minLength: 9, maxLength: 100 }),
  PAYMENT_PROVIDER: Type.Unsafe<PaymentProviderName>({ type: 'string', enum: [...PAYMENT_PROVIDERS] }),
};

export type OrderServiceConfig = Static<TObject<typeof config>>;
