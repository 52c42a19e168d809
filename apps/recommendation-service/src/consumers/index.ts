import { consumersFor, type EventHandlers } from '@shopwire/messaging';
import type { RecordDeps } from '../recommendations/record-events';
import { copyProductOnProductChanged } from './copy-product-on-product-changed.consumer';
import { countPurchaseOnOrderConfirmed } from './count-purchase-on-order-confirmed.consumer';
import { eraseUserOnUserDeleted } from './erase-user-on-user-deleted.consumer';
import { takeBackPurchaseOnOrderCancelled } from './take-back-purchase-on-order-cancelled.consumer';

/** The durable queue's handlers: each stores what the event changes and applies it to this replica's memory. */
export function recommendationConsumers(deps: RecordDeps): EventHandlers {
  return consumersFor(deps, [
    countPurchaseOnOrderConfirmed,
    takeBackPurchaseOnOrderCancelled,
    copyProductOnProductChanged,
    eraseUserOnUserDeleted,
  ]);
}
