import { badRequest } from '@shopwire/service-kit';
import type { Money } from '@shopwire/contracts';
import type { Order, OrderModel, OrderStatus } from '../models/order.model';

export interface SalesReport {
  from: string;
  to: string;
  days: Array<{ date: string; orders: number; revenue: Money }>;
  topProducts: Array<{ productId: string; name: string; quantity: number; revenue: Money }>;
}

type ReportedOrder = Pick<Order, 'confirmedDay' | 'total' | 'items'>;

export const MAX_REPORT_DAYS = 366;
export const TOP_PRODUCTS = 10;
const DAY_MS = 24 * 60 * 60 * 1000;
// Orders that were confirmed and kept; cancelled ones were refunded.
const SOLD: OrderStatus[] = ['confirmed', 'shipped', 'delivered'];

function checkRange(from: string, to: string): void {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
  if (Number.isNaN(days)) throw badRequest('INVALID_DATE_RANGE', 'from and to are calendar days (YYYY-MM-DD).');
  if (days < 0) throw badRequest('INVALID_DATE_RANGE', 'from must not be after to.');
  if (days >= MAX_REPORT_DAYS)
    throw badRequest('INVALID_DATE_RANGE', `A report covers at most ${MAX_REPORT_DAYS} days.`);
}

// Sums per (day or product, currency): revenue in minor units and a count (orders or pieces).
type Totals = Map<string, { key: string; currency: string; amount: number; count: number }>;

function tally(totals: Totals, key: string, currency: string, amount: number, count: number): void {
  const id = `${key}|${currency}`;
  const entry = totals.get(id) ?? { key, currency, amount: 0, count: 0 };
  entry.amount += amount;
  entry.count += count;
  totals.set(id, entry);
}

/**
 * Revenue per UTC day of confirmation and the ten best-selling products (by quantity) over the orders confirmed
 * and not cancelled in [from, to]. Summed in code: FerretDB 1.24 computes only the first accumulator of a $group.
 */
export async function salesReport(orders: OrderModel, from: string, to: string): Promise<SalesReport> {
  checkRange(from, to);
  const perDay: Totals = new Map();
  const perProduct: Totals = new Map();
  const names = new Map<string, string>();
  const cursor = orders
    .find({ status: { $in: SOLD }, confirmedDay: { $gte: from, $lte: to } }, { confirmedDay: 1, total: 1, items: 1 })
    .lean<ReportedOrder>()
    .cursor();
  for await (const order of cursor) {
    tally(perDay, order.confirmedDay ?? '', order.total.currency, order.total.amount, 1);
    for (const line of order.items) {
      tally(perProduct, line.productId, line.lineTotal.currency, line.lineTotal.amount, line.quantity);
      names.set(line.productId, line.name);
    }
  }
  const days = [...perDay.values()].map((t) => ({
    date: t.key,
    orders: t.count,
    revenue: { amount: t.amount, currency: t.currency },
  }));
  days.sort((a, b) => a.date.localeCompare(b.date) || a.revenue.currency.localeCompare(b.revenue.currency));
  const products = [...perProduct.values()].map((t) => ({
    productId: t.key,
    name: names.get(t.key) ?? t.key,
    quantity: t.count,
    revenue: { amount: t.amount, currency: t.currency },
  }));
  products.sort(
    (a, b) => b.quantity - a.quantity || b.revenue.amount - a.revenue.amount || a.productId.localeCompare(b.productId),
  );
  return { from, to, days, topProducts: products.slice(0, TOP_PRODUCTS) };
}
