import { randomUUID } from 'node:crypto';
import { createEvent } from '@shopwire/contracts';
import type { AggregateStore } from '@shopwire/service-kit';
import type { DailyReportModel } from '../models/daily-report.model';
import type { OrderModel } from '../models/order.model';
import { SOURCE } from '../orders/order-events';
import { salesReport } from './sales-report';
import { isDuplicateKey } from '@shopwire/service-kit';

const DAY_MS = 86400000;

export interface DailyReportDeps {
  orders: OrderModel;
  dailyReports: DailyReportModel;
  store: AggregateStore;
}

/**
 * The scheduled report (REPORT_CRON): the sales of the UTC day before `tick`, sent to the admins as
 * report.sales.daily (notification-service mails it and puts it in their inbox). The day's record and its event
 * are one insert keyed by the day, so a tick run twice (a holder killed mid-run) sends the report once.
 */
export async function sendDailyReport(deps: DailyReportDeps, tick: Date): Promise<'sent' | 'already_sent'> {
  const date = new Date(tick.getTime() - DAY_MS).toISOString().slice(0, 10);
  if (await deps.store.get(deps.dailyReports, date)) return 'already_sent';
  const { days, topProducts } = await salesReport(deps.orders, date, date);
  const event = createEvent(
    'report.sales.daily',
    { date, days, topProducts },
    { source: SOURCE, correlationId: randomUUID(), causationId: null },
  );
  try {
    await deps.store.insert(deps.dailyReports, { _id: date, createdAt: new Date(), outbox: [event] });
    return 'sent';
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return 'already_sent';
  }
}
