import type { AggregateStore, ServiceApp } from '@shopwire/service-kit';
import { createPaymentProvider } from './adapters/payments/payment-providers';
import type { PaymentProvider } from './adapters/payments/payment-provider';
import type { OrderServiceConfig } from './config';
import { orderDeadlines, type OrderDeadlines } from './deadlines/order-deadlines';
import { addressBookModel, type AddressBookModel } from './models/address-book.model';
import { catalogProductModel, type CatalogProductModel } from './models/catalog-product.model';
import { dailyReportModel, type DailyReportModel } from './models/daily-report.model';
import { orderModel, type OrderModel } from './models/order.model';

/** What order-service's routes, use cases, consumers and jobs work with; app.ts builds it once. */
export interface OrderDeps {
  orders: OrderModel;
  products: CatalogProductModel;
  /** Users' saved addresses, copied from user events. */
  addressBooks: AddressBookModel;
  /** One per reported day: the daily report's record and its outbox. */
  dailyReports: DailyReportModel;
  payments: PaymentProvider;
  /** Every read and write of one order, product or address book goes through it, by `_id` (SPEC section 9). */
  store: AggregateStore;
  /** The saga's due-list: every order is entered before it is placed. */
  deadlines: OrderDeadlines;
  /** How long an order may stay pending before it is rejected with reason `timeout` (ORDER_PENDING_DEADLINE_MS). */
  pendingDeadlineMs: number;
}

export function buildDeps(
  app: ServiceApp,
  config: Pick<OrderServiceConfig, 'PAYMENT_PROVIDER' | 'ORDER_PENDING_DEADLINE_MS'>,
): OrderDeps {
  return {
    orders: orderModel(app.mongo),
    products: catalogProductModel(app.mongo),
    addressBooks: addressBookModel(app.mongo),
    dailyReports: dailyReportModel(app.mongo),
    payments: createPaymentProvider(config.PAYMENT_PROVIDER, app.mongo),
    store: app.store,
    deadlines: orderDeadlines(app.mongo),
    pendingDeadlineMs: config.ORDER_PENDING_DEADLINE_MS,
  };
}
