import { Types, type QueryFilter } from 'mongoose';
import { cursorCodec, forbidden, isObjectId, notFound } from '@shopwire/service-kit';
import type { Order, OrderStatus } from '../models/order.model';
import type { OrderDeps } from '../deps';
import { ownerFilter, type Actor } from './actor';
import { findOrder } from './order-store';

/** The owner's or any order for an admin; anything else is a 404, like a missing order. */
export async function getOrder(deps: OrderDeps, actor: Actor, orderId: string): Promise<Order> {
  const order = await findOrder(deps, orderId, ownerFilter(actor));
  if (!order) throw notFound('ORDER_NOT_FOUND', `No order ${orderId}.`);
  return order;
}

export interface ListOrdersQuery {
  limit: number;
  cursor?: string;
  userId?: string;
  status?: OrderStatus;
}

interface Position {
  createdAt: Date;
  id: Types.ObjectId;
}

// A page ends at an order's creation time and id (ties broken by id), as the listing sorts.
const cursor = cursorCodec<Position>({
  write: (last) => [last.createdAt.toISOString(), last.id.toHexString()],
  read: (payload) => {
    if (!Array.isArray(payload) || payload.length !== 2) return undefined;
    const [at, id] = payload as unknown[];
    const createdAt = new Date(typeof at === 'string' ? at : Number.NaN);
    if (Number.isNaN(createdAt.getTime()) || !isObjectId(id)) return undefined;
    return { createdAt, id: new Types.ObjectId(id) };
  },
});

/** Newest first, a page at a time; customers see their own orders, admins everyone's (or one user's). */
export async function listOrders(
  deps: OrderDeps,
  actor: Actor,
  query: ListOrdersQuery,
): Promise<{ items: Order[]; nextCursor: string | null }> {
  if (!actor.isAdmin && query.userId !== undefined && query.userId !== actor.id)
    throw forbidden('FORBIDDEN', "Only an admin lists other users' orders.");
  const filter: QueryFilter<Order> = {};
  const userId = ownerFilter(actor) ?? query.userId;
  if (userId !== undefined) filter.userId = userId;
  if (query.status) filter.status = query.status;
  if (query.cursor) {
    const after = cursor.decode(query.cursor);
    filter.$or = [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: after.id } }];
  }
  const page = await deps.orders
    .find(filter)
    .sort({ createdAt: -1, _id: -1 })
    .limit(query.limit + 1)
    .lean<Order[]>();
  return cursor.page(page, query.limit, (order) => ({ createdAt: order.createdAt, id: order._id }));
}
