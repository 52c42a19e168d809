import type { Order, PaymentRecord } from '../../models/order.model';
import type { OrderView } from './orders.schemas';

const record = (r: PaymentRecord) => ({
  id: r.id,
  amount: { amount: r.amount.amount, currency: r.amount.currency },
  at: r.at.toISOString(),
});

/** What a client sees of an order: never the payment token, the idempotency data or the outbox. */
export function toOrderView(order: Order): OrderView {
  const { payment } = order;
  return {
    id: order._id.toHexString(),
    userId: order.userId,
    status: order.status,
    ...(order.reason === undefined ? {} : { reason: order.reason }),
    items: order.items.map((line) => ({
      productId: line.productId,
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitPrice: { amount: line.unitPrice.amount, currency: line.unitPrice.currency },
      lineTotal: { amount: line.lineTotal.amount, currency: line.lineTotal.currency },
    })),
    total: { amount: order.total.amount, currency: order.total.currency },
    ...(order.shippingAddress ? { shippingAddress: order.shippingAddress } : {}),
    ...(order.addressId === undefined ? {} : { addressId: order.addressId }),
    payment: {
      method: payment.method,
      ...(payment.charge ? { charge: record(payment.charge) } : {}),
      ...(payment.refund ? { refund: record(payment.refund) } : {}),
      ...(payment.declinedAt ? { declinedAt: payment.declinedAt.toISOString() } : {}),
    },
    history: order.history.map((h) => ({
      status: h.status,
      at: h.at.toISOString(),
      ...(h.reason === undefined ? {} : { reason: h.reason }),
    })),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}
