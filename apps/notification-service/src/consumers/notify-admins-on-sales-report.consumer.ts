import type { EventHandlers } from '@shopwire/messaging';
import { notifyAdmins } from '../notifications/admins';
import { salesReportContent } from '../notifications/content';
import type { NotifyDeps } from '../notifications/notify-user';

/** The previous day's sales report: every admin gets it in the inbox and by email, once per admin (the notification's `_id`). */
export function notifyAdminsOnSalesReport(deps: NotifyDeps): EventHandlers {
  return {
    'report.sales.daily': async (event, ctx) => {
      const admins = await notifyAdmins(deps, ctx.log, event.id, salesReportContent(event.data));
      ctx.log.info({ date: event.data.date, admins }, 'daily sales report sent to the admins');
    },
  };
}
