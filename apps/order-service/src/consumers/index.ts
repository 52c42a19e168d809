import { consumersFor, type EventHandlers } from '@shopwire/messaging';
import type { OrderDeps } from '../deps';
import { archiveProductOnProductArchived } from './archive-product-on-product-archived.consumer';
import { chargePaymentOnStockReserved } from './charge-payment-on-stock-reserved.consumer';
import { copyAddressesOnUserAddressesChanged } from './copy-addresses-on-user-addresses-changed.consumer';
import { copyProductOnProductChanged } from './copy-product-on-product-changed.consumer';
import { forgetAddressesOnUserDeleted } from './forget-addresses-on-user-deleted.consumer';
import { refundPaymentOnOrderCancelled } from './refund-payment-on-order-cancelled.consumer';
import { rejectOrderOnStockRejected } from './reject-order-on-stock-rejected.consumer';

/**
 * Every event order-service reacts to. The saga's reactions are guarded by the order's status and the payment's
 * own records (a charge or refund keyed by the order), the address books by their revision and their deletion, so a
 * second delivery changes nothing: no separate inbox record.
 */
export const orderConsumers = (deps: OrderDeps): EventHandlers =>
  consumersFor(deps, [
    copyProductOnProductChanged,
    archiveProductOnProductArchived,
    chargePaymentOnStockReserved,
    rejectOrderOnStockRejected,
    refundPaymentOnOrderCancelled,
    copyAddressesOnUserAddressesChanged,
    forgetAddressesOnUserDeleted,
  ]);
