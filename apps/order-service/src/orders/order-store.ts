import { Types, type UpdateQuery } from 'mongoose';
import type { EventEnvelope } from '@shopwire/contracts';
import { isObjectId } from '@shopwire/service-kit';
import type { Order, OrderStatus } from '../models/order.model';
import type { OrderDeps } from '../deps';

/**
 * The order, or undefined for a missing one, an id that could never exist, and another owner's order (read by
 * `_id` alone, the owner compared here, so the store never scans).
 */
export async function findOrder(
  { store, orders }: Pick<OrderDeps, 'store' | 'orders'>,
  orderId: string,
  ownerId?: string,
): Promise<Order | undefined> {
  if (!isObjectId(orderId)) return undefined;
  const order = await store.get(orders, new Types.ObjectId(orderId));
  if (!order || (ownerId !== undefined && order.userId !== ownerId)) return undefined;
  return order;
}

export interface StatusChangeRequest {
  to: OrderStatus;
  reason?: string;
  event: EventEnvelope;
  set?: Record<string, unknown>;
  unset?: string[];
}

/**
 * Moves the order from the status it was read with to `to`, recording the history entry and the event in the
 * same single-document update. Undefined when the order moved meanwhile: the caller decides what that means.
 */
export async function changeStatus(
  { store, orders }: Pick<OrderDeps, 'store' | 'orders'>,
  order: Order,
  change: StatusChangeRequest,
): Promise<Order | undefined> {
  const at = new Date();
  const entry =
    change.reason === undefined ? { status: change.to, at } : { status: change.to, at, reason: change.reason };
  const update: UpdateQuery<Order> = {
    $set: { status: change.to, ...(change.reason === undefined ? {} : { reason: change.reason }), ...change.set },
    $push: { history: entry, outbox: change.event },
  };
  if (change.unset?.length) update.$unset = Object.fromEntries(change.unset.map((path) => [path, 1]));
  return (await store.update(orders, order._id, { status: order.status }, update)) ?? undefined;
}
