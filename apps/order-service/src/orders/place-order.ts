import { Types } from 'mongoose';
import { unprocessable } from '@shopwire/service-kit';
import type { CatalogProduct, CatalogProductModel } from '../models/catalog-product.model';
import type { Money } from '../models/money';
import { ensureOrderIndexes, type Order, type OrderLine, type OrderModel, type ShippingAddress } from '../models/order.model';
import type { OrderDeps } from './order-deps';
import { orderPlaced, type Cause } from './order-events';
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
  cause: Cause;
}

export interface PlacedOrder {
  order: Order;
  /** True when the key was seen before and the earlier order is returned. */
  replayed: boolean;
}

const DUPLICATE_KEY = 11000;

type OrderableProduct = CatalogProduct & { price: Money; name: string; sku: string };

function orderable(product: CatalogProduct | undefined): product is OrderableProduct {
  return !!product && product.active && !!product.price && !!product.name && !!product.sku;
}

async function priceLines(products: CatalogProductModel, items: PlaceOrderRequest['items']): Promise<{ lines: OrderLine[]; total: Money }> {
  const ids = items.map((item) => item.productId);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length > 0) throw unprocessable('DUPLICATE_ORDER_LINE', `Each product may appear on one line only: ${[...new Set(repeated)].join(', ')}`);
  const found = new Map((await products.find({ _id: { $in: ids } }).lean<CatalogProduct[]>()).map((p) => [p._id, p]));
  const unavailable = ids.filter((id) => !orderable(found.get(id)));
  if (unavailable.length > 0) throw unprocessable('PRODUCT_UNAVAILABLE', `Unknown or archived products: ${unavailable.join(', ')}`);
  const lines = items.map(({ productId, quantity }) => {
    const product = found.get(productId) as OrderableProduct;
    const unitPrice = { amount: product.price.amount, currency: product.price.currency };
    return { productId, sku: product.sku, name: product.name, quantity, unitPrice, lineTotal: { amount: unitPrice.amount * quantity, currency: unitPrice.currency } };
  });
  const [currency, ...others] = new Set(lines.map((line) => line.unitPrice.currency));
  if (others.length > 0) throw unprocessable('MIXED_CURRENCIES', `An order is paid in one currency; these lines use ${[currency, ...others].join(', ')}`);
  return { lines, total: { amount: lines.reduce((sum, line) => sum + line.lineTotal.amount, 0), currency: currency as string } };
}

async function replay(orders: OrderModel, command: PlaceOrderCommand, hash: string): Promise<PlacedOrder | undefined> {
  const earlier = await orders.findOne({ userId: command.userId, idempotencyKey: command.idempotencyKey }).lean<Order>();
  if (!earlier) return undefined;
  if (earlier.requestHash !== hash) throw unprocessable('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with another request body.');
  return { order: earlier, replayed: true };
}

/**
 * Places a pending order priced from the local catalog copy; the order and its order.placed event are one
 * document write. A repeated Idempotency-Key answers with the order it made the first time.
 */
export async function placeOrder(deps: OrderDeps, command: PlaceOrderCommand): Promise<PlacedOrder> {
  const hash = requestHash(command.request);
  await ensureOrderIndexes(deps.orders);
  const earlier = await replay(deps.orders, command, hash);
  if (earlier) return earlier;

  const { lines, total } = await priceLines(deps.products, command.request.items);
  const now = new Date();
  const { shippingAddress, addressId, payment } = command.request;
  const order: Order = {
    _id: new Types.ObjectId(),
    userId: command.userId,
    idempotencyKey: command.idempotencyKey,
    requestHash: hash,
    status: 'pending',
    items: lines,
    total,
    ...(shippingAddress ? { shippingAddress } : { addressId }),
    payment: { method: payment.method, token: payment.token },
    history: [{ status: 'pending', at: now }],
    createdAt: now,
    updatedAt: now,
  };
  const document = new deps.orders(order);
  document.set('outbox', [orderPlaced(order, command.cause)]);
  try {
    await document.save();
  } catch (error) {
    // Another request with the same key won the race: answer with its order.
    if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    const winner = await replay(deps.orders, command, hash);
    if (!winner) throw error;
    return winner;
  }
  deps.flushOutbox();
  return { order: document.toObject<Order>(), replayed: false };
}
