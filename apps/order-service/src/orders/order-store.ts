import { Types, type UpdateQuery } from 'mongoose';
import type { EventEnvelope } from '@shopwire/contracts';
import type { Order, OrderModel, OrderStatus } from '../models/order.model';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** The order, or undefined for a missing one and for an id that could never exist. */
export async function findOrder(orders: OrderModel, orderId: string, ownerId?: string): Promise<Order | undefined> {
  if (!OBJECT_ID.test(orderId)) return undefined;
  const filter = ownerId === undefined ? { _id: new Types.ObjectId(orderId) } : { _id: new Types.ObjectId(orderId), userId: ownerId };
  return (await orders.findOne(filter).lean<Order>()) ?? undefined;
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
export async function changeStatus(orders: OrderModel, order: Order, change: StatusChangeRequest): Promise<Order | undefined> {
  const at = new Date();
  const entry = change.reason === undefined ? { status: change.to, at } : { status: change.to, at, reason: change.reason };
  const update: UpdateQuery<Order> = {
    $set: { status: change.to, ...(change.reason === undefined ? {} : { reason: change.reason }), ...change.set },
    $push: { history: entry, outbox: change.event },
  };
  if (change.unset?.length) update.$unset = Object.fromEntries(change.unset.map((path) => [path, 1]));
  const moved = await orders.findOneAndUpdate({ _id: order._id, status: order.status }, update, { returnDocument: 'after' }).lean<Order>();
  return moved ?? undefined;
}
