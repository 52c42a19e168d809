import type { OrderDeps } from '../deps';
import type { EventCause } from '@shopwire/contracts';
import { orderEnded } from './order-events';
import { changeStatus, findOrder } from './order-store';

/** Step 2 failed (stock.rejected): the pending order is rejected as out of stock; nothing was charged. */
export async function rejectOutOfStock(deps: OrderDeps, orderId: string, cause: EventCause): Promise<boolean> {
  const order = await findOrder(deps, orderId);
  if (order?.status !== 'pending') return false;
  const moved = await changeStatus(deps, order, {
    to: 'rejected',
    reason: 'out_of_stock',
    event: orderEnded('order.rejected', order, 'out_of_stock', cause),
    unset: ['payment.token'],
  });
  return !!moved;
}
