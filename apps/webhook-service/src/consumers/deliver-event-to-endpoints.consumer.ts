import { SUBSCRIPTIONS } from '@shopwire/contracts';
import { defineConsumer } from '@shopwire/messaging';
import type { WebhookServiceDeps } from '../deps';
import { storeDelivery } from '../webhooks/deliveries';

/**
 * An order or product event, of whichever version: one delivery per enabled endpoint that asked for its type, stored
 * before the event is acked and sent at once, so a slow partner never holds the queue. The deliveries, keyed by
 * endpoint and event, are the idempotency record (self-guarded); the endpoints come from this replica's copy, not the store.
 */
export const deliverEventToEndpoints = defineConsumer(
  SUBSCRIPTIONS.webhook,
  (deps: WebhookServiceDeps) => async (event) => {
    const targets = await deps.directory.subscribedTo(event.type);
    await Promise.all(
      targets.map(async (endpoint) => {
        const delivery = await storeDelivery(deps, endpoint._id, event, deps.dispatcher.leaseMs);
        if (!delivery) return;
        deps.dispatcher.dispatchFresh(delivery);
        // Its line in the endpoint's log, written while the attempt runs; the event is acked after it.
        await deps.deliveryLog.list(endpoint._id, delivery.logSeq, delivery._id);
      }),
    );
  },
  { selfGuarded: true },
);
