import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { AppError, unprocessable, isDuplicateKey } from '@shopwire/service-kit';
import { savedAddress } from '../addresses/copy-address-book';
import type { CatalogProduct } from '../models/catalog-product.model';
import type { EventCause, Money } from '@shopwire/contracts';
import type { Order, OrderLine, ShippingAddress } from '../models/order.model';
import type { OrderDeps } from '../deps';
import { orderPlaced } from './order-events';
import { requestHash } from './request-hash';

export interface PlaceOrderRequest {
  items: Array<{ productId: string; quantity: number }>;
  shippingAddress?: ShippingAddress;
  addressId?: string;
  payment: { method: 'card'; token: string };
}

export interface PlaceOrderCommand {
  userId: string;
  idempotencyKey: string;
  request: PlaceOrderRequest;
  cause: EventCause;
}

export interface PlacedOrder {
  order: Order;
  /** True when the key was seen before and the earlier order is returned. */
  replayed: boolean;
}

type OrderableProduct = CatalogProduct & { price: Money; name: string; sku: string };

function orderable(product: CatalogProduct | undefined): product is OrderableProduct {
  return !!product && product.active && !!product.price && !!product.name && !!product.sku;
}

async function priceLines(
  { store, products }: OrderDeps,
  items: PlaceOrderRequest['items'],
): Promise<{ lines: OrderLine[]; total: Money }> {
  const ids = items.map((item) => item.productId);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length > 0)
    throw unprocessable(
      'DUPLICATE_ORDER_LINE',
      `Each product may appear on one line only: ${[...new Set(repeated)].join(', ')}`,
    );
  // One read by _id per line: a filter on several ids would scan the whole copy on FerretDB.
  const copies = await Promise.all(ids.map((id) => store.get(products, id)));
  const found = new Map(copies.filter((p): p is CatalogProduct => p !== null).map((p) => [p._id, p]));
  const unavailable = ids.filter((id) => !orderable(found.get(id)));
  if (unavailable.length > 0)
    throw unprocessable('PRODUCT_UNAVAILABLE', `Unknown or archived products: ${unavailable.join(', ')}`);
  const lines = items.map(({ productId, quantity }) => {
    const product = found.get(productId) as OrderableProduct;
    const unitPrice = { amount: product.price.amount, currency: product.price.currency };
    return {
      productId,
      sku: product.sku,
      name: product.name,
      quantity,
      unitPrice,
      lineTotal: { amount: unitPrice.amount * quantity, currency: unitPrice.currency },
    };
  });
  const [currency, ...others] = new Set(lines.map((line) => line.unitPrice.currency));
  if (others.length > 0)
    throw unprocessable(
      'MIXED_CURRENCIES',
      `An order is paid in one currency; these lines use ${[currency, ...others].join(', ')}`,
    );
  return {
    lines,
    total: { amount: lines.reduce((sum, line) => sum + line.lineTotal.amount, 0), currency: currency as string },
  };
}

/** Where the order goes: the address given, or the caller's saved address `addressId` names, copied onto the order. */
async function destination(
  deps: OrderDeps,
  userId: string,
  request: PlaceOrderRequest,
): Promise<Pick<Order, 'shippingAddress' | 'addressId'>> {
  const { shippingAddress, addressId } = request;
  if (shippingAddress || addressId === undefined) return { shippingAddress };
  const saved = await savedAddress(deps, userId, addressId);
  if (!saved) throw unprocessable('ADDRESS_NOT_FOUND', `You have no saved address ${addressId}.`);
  const { id: _id, ...address } = saved;
  return { shippingAddress: address, addressId };
}

/** The priced lines and the address, read side by side (each by `_id`); a product's problem is reported first. */
async function prepare(
  deps: OrderDeps,
  command: PlaceOrderCommand,
): Promise<Awaited<ReturnType<typeof priceLines>> & Pick<Order, 'shippingAddress' | 'addressId'>> {
  const [priced, where] = await Promise.allSettled([
    priceLines(deps, command.request.items),
    destination(deps, command.userId, command.request),
  ]);
  if (priced.status === 'rejected') throw priced.reason;
  if (where.status === 'rejected') throw where.reason;
  return { ...priced.value, ...where.value };
}

/** The order's `_id` follows from who asks and their key, so the key is looked up (and claimed) by `_id`. */
export function orderIdFor(userId: string, idempotencyKey: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(`order:${userId}\n${idempotencyKey}`).digest().subarray(0, 12));
}

/** The order an earlier request with this key made, answered when the body is the same one. */
async function replay(
  deps: OrderDeps,
  id: Types.ObjectId,
  command: PlaceOrderCommand,
  hash: string,
): Promise<PlacedOrder | undefined> {
  const earlier = await deps.store.get(deps.orders, id);
  if (!earlier) return undefined;
  if (earlier.userId !== command.userId || earlier.idempotencyKey !== command.idempotencyKey)
    throw new Error(`order id ${id.toHexString()} collides with another key`);
  if (earlier.requestHash !== hash)
    throw unprocessable('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with another request body.');
  return { order: earlier, replayed: true };
}

/**
 * Places a pending order priced from the local catalog copy and addressed from the local copy of the user's saved
 * addresses (or the address given); the order and its order.placed event are one
 * insert, under an `_id` made from the user and the Idempotency-Key. So a repeated key collides on `_id` and
 * answers with the order it made the first time; two racing requests make one order, and there is no second
 * write a crash could separate from the first.
 */
export async function placeOrder(deps: OrderDeps, command: PlaceOrderCommand): Promise<PlacedOrder> {
  const hash = requestHash(command.request);
  const id = orderIdFor(command.userId, command.idempotencyKey);
  let prepared: Awaited<ReturnType<typeof prepare>>;
  try {
    prepared = await prepare(deps, command);
  } catch (error) {
    // A replay answers the order it made even when its products or its saved address are gone.
    if (!(error instanceof AppError && error.status === 422)) throw error;
    const earlier = await replay(deps, id, command, hash);
    if (earlier) return earlier;
    throw error;
  }
  const { lines, total, shippingAddress, addressId } = prepared;
  const now = new Date();
  const { payment } = command.request;
  const order: Order = {
    _id: id,
    userId: command.userId,
    idempotencyKey: command.idempotencyKey,
    requestHash: hash,
    status: 'pending',
    items: lines,
    total,
    shippingAddress,
    ...(addressId === undefined ? {} : { addressId }),
    payment: { method: payment.method, token: payment.token },
    history: [{ status: 'pending', at: now }],
    createdAt: now,
    updatedAt: now,
  };
  // The deadline first: a crash between the two leaves a deadline without an order (dropped by the sweep), never an order without one.
  await deps.deadlines.add(id, new Date(now.getTime() + deps.pendingDeadlineMs));
  try {
    return {
      order: await deps.store.insert(deps.orders, { ...order, outbox: [orderPlaced(order, command.cause)] }),
      replayed: false,
    };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const earlier = await replay(deps, id, command, hash);
    if (!earlier) throw error;
    return earlier;
  }
}
