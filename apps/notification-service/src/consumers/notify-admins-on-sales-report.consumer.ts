import type { EventHandlers } from '@shopwire/messaging';
import { currentAdmins } from '../notifications/admins';
import { salesReportContent } from '../notifications/content';
import { notifyUser, type NotifyDeps } from '../notifications/notify-user';

/** The previous day's sales report: every admin gets it in the inbox and by email, once per admin (the notification's `_id`). */
export function notifyAdminsOnSalesReport(deps: NotifyDeps): EventHandlers {
  return {
    'report.sales.daily': async (event, ctx) => {
      const admins = await currentAdmins(deps);
      const content = salesReportContent(event.data);
      for (const userId of admins) await notifyUser({ ...deps, log: ctx.log }, { eventId: event.id, userId, content });
      ctx.log.info({ date: event.data.date, admins: admins.length }, 'daily sales report sent to the admins');
    },
  };
}
