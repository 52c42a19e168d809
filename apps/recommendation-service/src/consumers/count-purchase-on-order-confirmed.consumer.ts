import { defineConsumer, fromVersion } from '@shopwire/messaging';
import { purchaseOf } from '../recommendations/event-facts';
import { recordPurchase, type RecordDeps } from '../recommendations/record-events';

/** order.confirmed, written for version 2 (the items): what was bought together counts from now on. */
export const countPurchaseOnOrderConfirmed = defineConsumer('order.confirmed', (deps: RecordDeps) =>
  fromVersion(2, (event) => recordPurchase(deps, purchaseOf(event))),
);
