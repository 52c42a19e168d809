import type { EventHandler } from '@shopwire/messaging';
import { recordCancellation, type RecordDeps } from '../recommendations/record-events';

/** order.cancelled: the order's purchase no longer counts, even when its confirmation arrives later. */
export function takeBackPurchaseOnOrderCancelled(deps: RecordDeps): EventHandler<'order.cancelled'> {
  return (event) => recordCancellation(deps, event.data.orderId);
}
