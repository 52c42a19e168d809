import { SUBSCRIPTIONS, type EventEnvelope, type EventType } from '@shopwire/contracts';
import { selfGuarded, type EventHandler, type EventHandlers } from '@shopwire/messaging';
import { storeDelivery, type StoringDeps } from '../webhooks/deliveries';
import type { EndpointDirectory } from '../webhooks/endpoint-directory';
import type { Dispatcher } from '../webhooks/dispatcher';

export interface ConsumerDeps extends StoringDeps {
  directory: EndpointDirectory;
  dispatcher: Dispatcher;
}

/**
 * An order or product event, of whichever version: one delivery per enabled endpoint that asked for its type, stored
 * before the event is acked and sent at once, so a slow partner never holds the queue. The deliveries, keyed by
 * endpoint and event, are the idempotency record; the endpoints come from this replica's copy, not the store.
 */
export function deliverEventToEndpoints(deps: ConsumerDeps): EventHandlers {
  const handle: EventHandler<EventType> = async (event: EventEnvelope<EventType>) => {
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
  };
  return Object.fromEntries(SUBSCRIPTIONS.webhook.map((type) => [type, selfGuarded(handle)])) as EventHandlers;
}
