import { ConfigError, type ServiceApp } from '@shopwire/service-kit';
import type { OrderServiceConfig } from '../config';
import { expireOverdueOrders } from '../deadlines/expire-overdue-orders';
import type { OrderDeps } from '../deps';
import { sendDailyReport } from '../reports/send-daily-report';

/** How often the deadline job looks for due orders: a tenth of the deadline, between 50 ms and 5 s. */
export function deadlineSweepEveryMs(pendingDeadlineMs: number): number {
  return Math.min(5000, Math.max(50, Math.floor(pendingDeadlineMs / 10)));
}

/** order-service's scheduled work, each job run by one replica at a time: the saga deadline and the daily report. */
export function addOrderJobs(
  app: ServiceApp,
  deps: OrderDeps,
  config: Pick<OrderServiceConfig, 'ORDER_PENDING_DEADLINE_MS' | 'REPORT_CRON'>,
): void {
  app.addHook('onReady', async () => {
    deps.deadlines
      .ensureIndexes()
      .catch((err: Error) => app.log.warn({ err: { message: err.message } }, 'order deadline index not built yet'));
  });
  app.jobs.add({
    name: 'order-deadlines',
    schedule: { everyMs: deadlineSweepEveryMs(config.ORDER_PENDING_DEADLINE_MS) },
    run: () => expireOverdueOrders(deps, app.log),
  });

  try {
    app.jobs.add({
      name: 'daily-sales-report',
      schedule: { cron: config.REPORT_CRON },
      run: (tick) => sendDailyReport(deps, tick),
    });
  } catch (error) {
    throw new ConfigError(`Invalid configuration: REPORT_CRON ${(error as Error).message}`);
  }
  app.messaging.relayOutbox(deps.dailyReports);
}
