import { defineConsumer } from '@shopwire/messaging';
import type { NotificationServiceDeps } from '../deps';
import { notifyAdmins } from '../notifications/admins';
import { webhookEndpointDisabledContent } from '../notifications/content';

/**
 * webhook-service turned a partner's endpoint off (410, or failing too long): every admin hears of it once, inbox
 * and email (one notification per admin, keyed by the event and admin: self-guarded).
 */
export const notifyAdminsOnWebhookEndpointDisabled = defineConsumer(
  'webhook.endpoint.disabled',
  (deps: NotificationServiceDeps) => async (event, ctx) => {
    const admins = await notifyAdmins(deps, ctx.log, event.id, webhookEndpointDisabledContent(event.data));
    ctx.log.info(
      { endpointId: event.data.endpointId, reason: event.data.reason, admins },
      'disabled webhook endpoint reported to the admins',
    );
  },
  { selfGuarded: true },
);
