import type { NotificationType, OrderFacts } from '../models/notification.model';
import type { Money } from '@shopwire/contracts';
import { formatMoney } from './money';

/** What a notification says, the same for the inbox and the email. */
export interface NotificationContent {
  type: NotificationType;
  title: string;
  body: string;
  order?: OrderFacts;
}

export type OrderNotificationType = Exclude<
  NotificationType,
  'welcome' | 'report.sales.daily' | 'webhook.endpoint.disabled'
>;

export type OrderEventData = { orderId: string; userId: string } & ({ total: Money } | { reason: string });

const ORDER_WORDING: Record<OrderNotificationType, { status: string; title: string; sentence: string }> = {
  'order.confirmed': { status: 'confirmed', title: 'confirmed', sentence: 'is confirmed and being prepared' },
  'order.rejected': { status: 'rejected', title: 'could not be accepted', sentence: 'could not be accepted' },
  'order.cancelled': { status: 'cancelled', title: 'cancelled', sentence: 'was cancelled' },
  'order.shipped': { status: 'shipped', title: 'shipped', sentence: 'is on its way' },
  'order.delivered': { status: 'delivered', title: 'delivered', sentence: 'was delivered' },
};

export function welcomeContent(name: string | undefined): NotificationContent {
  return {
    type: 'welcome',
    title: 'Welcome to Shopwire',
    body: `Welcome${name ? `, ${name}` : ''}! Your account is ready; we will keep you posted about your orders here.`,
  };
}

export function orderContent(type: OrderNotificationType, data: OrderEventData): NotificationContent {
  const wording = ORDER_WORDING[type];
  const order: OrderFacts = { orderId: data.orderId, status: wording.status };
  let detail = '';
  if ('total' in data) {
    order.total = data.total;
    detail = ` Total: ${formatMoney(data.total)}.`;
  } else {
    order.reason = data.reason;
    detail = ` Reason: ${data.reason}.`;
  }
  return {
    type,
    title: `Order ${data.orderId} ${wording.title}`,
    body: `Your order ${data.orderId} ${wording.sentence}.${detail}`,
    order,
  };
}

export interface DailySalesData {
  date: string;
  days: Array<{ date: string; orders: number; revenue: Money }>;
  topProducts: Array<{ productId: string; name: string; quantity: number; revenue: Money }>;
}

/** The admins' daily report: orders and revenue of the day (per currency) and its best sellers. */
export function salesReportContent(report: DailySalesData): NotificationContent {
  const orders = report.days.reduce((sum, day) => sum + day.orders, 0);
  const revenue = report.days.length
    ? report.days.map((day) => formatMoney(day.revenue)).join(' + ')
    : formatMoney({ amount: 0, currency: 'EUR' });
  const best = report.topProducts
    .slice(0, 3)
    .map((p) => `${p.name} (${p.quantity})`)
    .join(', ');
  return {
    type: 'report.sales.daily',
    title: `Sales report for ${report.date}`,
    body: `On ${report.date}: ${orders} order${orders === 1 ? '' : 's'} confirmed, revenue ${revenue}.${best ? ` Best sellers: ${best}.` : ''}`,
  };
}

const DISABLED_BECAUSE = { gone: 'it answered 410 Gone', failing: 'it kept failing for too long' } as const;

/** A partner's webhook endpoint turned off by webhook-service: admins learn which, why, and how to turn it back on. */
export function webhookEndpointDisabledContent(data: {
  endpointId: string;
  url: string;
  reason: keyof typeof DISABLED_BECAUSE;
  disabledAt: string;
}): NotificationContent {
  return {
    type: 'webhook.endpoint.disabled',
    title: `Webhook endpoint disabled: ${data.url}`,
    body: `The webhook endpoint ${data.endpointId} (${data.url}) was disabled at ${data.disabledAt} because ${DISABLED_BECAUSE[data.reason]}. Enable it again once the partner has fixed it.`,
  };
}
