import type { Connection, mongo, Types } from 'mongoose';
import { createGroupInsert } from '@shopwire/service-kit';

/** One pending order's deadline: `_id` is the order's. Written before the order, removed once the order left pending. */
export interface OrderDeadline {
  _id: Types.ObjectId;
  dueAt: Date;
}

export const ORDER_DEADLINES = 'order_deadlines';

/**
 * The due-list of the saga deadline. It holds only orders placed within the last deadline (and any the sweep has not
 * reached), so the sweep's query on `dueAt` reads a collection whose size follows the order rate, not the order
 * history (docs/decisions.md).
 */
export interface OrderDeadlines {
  /** Records the deadline of an order about to be placed (grouped with the same tick's others into one insert). */
  add(orderId: Types.ObjectId, dueAt: Date): Promise<void>;
  /** The oldest deadlines at or before `now`: the sweep's query, never on a request's or an event's path. */
  due(now: Date, limit: number): Promise<OrderDeadline[]>;
  /** Another try for an order the sweep could not settle yet (its payment provider failed). */
  postpone(orderId: Types.ObjectId, dueAt: Date): Promise<void>;
  drop(orderId: Types.ObjectId): Promise<void>;
  ensureIndexes(): Promise<void>;
}

export function orderDeadlines(connection: Connection): OrderDeadlines {
  const collection = (): mongo.Collection<OrderDeadline> => connection.collection<OrderDeadline>(ORDER_DEADLINES) as unknown as mongo.Collection<OrderDeadline>;
  const insert = createGroupInsert(collection);
  return {
    add: (orderId, dueAt) => insert([{ _id: orderId, dueAt }]),
    due: (now, limit) => collection().find({ dueAt: { $lte: now } }).sort({ dueAt: 1 }).limit(limit).toArray(),
    postpone: async (orderId, dueAt) => {
      await collection().updateOne({ _id: orderId }, { $set: { dueAt } });
    },
    drop: async (orderId) => {
      await collection().deleteOne({ _id: orderId });
    },
    ensureIndexes: async () => {
      await collection().createIndex({ dueAt: 1 });
    },
  };
}
