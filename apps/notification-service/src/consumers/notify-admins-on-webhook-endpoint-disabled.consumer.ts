import type { EventHandlers } from '@shopwire/messaging';
import { notifyAdmins } from '../notifications/admins';
import { webhookEndpointDisabledContent } from '../notifications/content';
import type { NotifyDeps } from '../notifications/notify-user';

/** webhook-service turned a partner's endpoint off (410, or failing too long): every admin hears of it once, inbox and email. */
export function notifyAdminsOnWebhookEndpointDisabled(deps: NotifyDeps): EventHandlers {
  return {
    'webhook.endpoint.disabled': async (event, ctx) => {
      const admins = await notifyAdmins(deps, ctx.log, event.id, webhookEndpointDisabledContent(event.data));
      ctx.log.info({ endpointId: event.data.endpointId, reason: event.data.reason, admins }, 'disabled webhook endpoint reported to the admins');
    },
  };
}
