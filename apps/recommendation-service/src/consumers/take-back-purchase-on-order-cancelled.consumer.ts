import { defineConsumer } from '@shopwire/messaging';
import { recordCancellation, type RecordDeps } from '../recommendations/record-events';

/** order.cancelled: the order's purchase no longer counts, even when its confirmation arrives later. */
export const takeBackPurchaseOnOrderCancelled = defineConsumer(
  'order.cancelled',
  (deps: RecordDeps) => (event) => recordCancellation(deps, event.data.orderId),
);
