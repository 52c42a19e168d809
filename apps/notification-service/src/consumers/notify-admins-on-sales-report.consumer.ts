import { defineConsumer } from '@shopwire/messaging';
import type { NotificationServiceDeps } from '../deps';
import { notifyAdmins } from '../notifications/admins';
import { salesReportContent } from '../notifications/content';

/**
 * The previous day's sales report: every admin gets it in the inbox and by email, once per admin (the
 * notification's `_id`, keyed by the event and admin, is the idempotency record: self-guarded).
 */
export const notifyAdminsOnSalesReport = defineConsumer(
  'report.sales.daily',
  (deps: NotificationServiceDeps) => async (event, ctx) => {
    const admins = await notifyAdmins(deps, ctx.log, event.id, salesReportContent(event.data));
    ctx.log.info({ date: event.data.date, admins }, 'daily sales report sent to the admins');
  },
  { selfGuarded: true },
);
