import { Types, type QueryFilter } from 'mongoose';
import { badRequest, forbidden, notFound } from '@shopwire/service-kit';
import type { Order, OrderStatus } from '../models/order.model';
import { ownerFilter, type Actor, type OrderDeps } from './order-deps';
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

function encodeCursor(order: Order): string {
  return Buffer.from(JSON.stringify([order.createdAt.toISOString(), order._id.toHexString()])).toString('base64url');
}

function decodeCursor(cursor: string): Position {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(at);
    if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f]{24}$/.test(id)) throw new Error('bad cursor');
    return { createdAt, id: new Types.ObjectId(id) };
  } catch {
    throw badRequest('INVALID_CURSOR', 'The cursor is not one this service gave out.');
  }
}

/** Newest first, a page at a time; customers see their own orders, admins everyone's (or one user's). */
export async function listOrders(deps: OrderDeps, actor: Actor, query: ListOrdersQuery): Promise<{ items: Order[]; nextCursor: string | null }> {
  if (!actor.isAdmin && query.userId !== undefined && query.userId !== actor.id) throw forbidden('FORBIDDEN', "Only an admin lists other users' orders.");
  const filter: QueryFilter<Order> = {};
  const userId = ownerFilter(actor) ?? query.userId;
  if (userId !== undefined) filter.userId = userId;
  if (query.status) filter.status = query.status;
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    filter.$or = [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: after.id } }];
  }
  const page = await deps.orders.find(filter).sort({ createdAt: -1, _id: -1 }).limit(query.limit + 1).lean<Order[]>();
  const items = page.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextCursor: page.length > query.limit && last ? encodeCursor(last) : null };
}
