import type { Connection, Types } from 'mongoose';
import { createDueList, type DueList } from '@shopwire/service-kit';

export const ORDER_DEADLINES = 'order_deadlines';

/** The saga deadline's due-list: one entry per order (`_id` the order's), written before the order is placed. */
export type OrderDeadlines = DueList<Types.ObjectId>;

export function orderDeadlines(connection: Connection): OrderDeadlines {
  return createDueList<Types.ObjectId>(connection, ORDER_DEADLINES);
}
