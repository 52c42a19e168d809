import { authConfig } from '@shopwire/auth';
import { baseConfig, brokerConfig, storeConfig } from '@shopwire/service-kit';
import { Type, type Static, type TObject } from '@sinclair/typebox';
import { PAYMENT_PROVIDERS, type PaymentProviderName } from './payments/payment-providers';

export const config = {
  ...baseConfig({ port: 3003 }),
  ...storeConfig({ database: 'orders' }),
  ...brokerConfig(),
  ...authConfig(),
  // No default: unset stops the service with one line naming it. `test` is the built-in test provider (SPEC section 6);
  // npm start, compose, the local overlay and the tests set it, a production deployment chooses.
  PAYMENT_PROVIDER: Type.Unsafe<PaymentProviderName>({ type: 'string', enum: [...PAYMENT_PROVIDERS] }),
};

export type OrderServiceConfig = Static<TObject<typeof config>>;
