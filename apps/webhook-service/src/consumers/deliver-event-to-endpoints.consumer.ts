import { SUBSCRIPTIONS, type EventEnvelope, type EventType } from '@shopwire/contracts';
import { selfGuarded, type EventHandler, type EventHandlers } from '@shopwire/messaging';
import type { StoreDeps } from '../models';
import { ENDPOINT_INDEX_ID } from '../models/endpoint-index.model';
import { storeDelivery } from '../webhooks/deliveries';
import type { DeliveryLogAppender } from '../webhooks/delivery-log';
import type { Dispatcher } from '../webhooks/dispatcher';

export interface ConsumerDeps extends StoreDeps {
  dispatcher: Dispatcher;
  deliveryLog: DeliveryLogAppender;
}

/**
 * An order or product event: one delivery per enabled endpoint that asked for its type, stored before the event is
 * acked and sent after, so a slow partner never holds the queue. The deliveries, keyed by endpoint and event, are the
 * idempotency record.
 */
export function deliverEventToEndpoints(deps: ConsumerDeps): EventHandlers {
  const handle: EventHandler<EventType> = async (event: EventEnvelope<EventType>) => {
    const index = await deps.store.get(deps.models.endpointIndex, ENDPOINT_INDEX_ID);
    const targets = (index?.endpoints ?? []).filter((e) => e.enabled && e.eventTypes.includes(event.type));
    const ids = await Promise.all(targets.map((target) => storeDelivery(deps, target.id, event, deps.dispatcher.leaseMs)));
    for (const id of ids) deps.dispatcher.dispatch(id);
  };
  return Object.fromEntries(SUBSCRIPTIONS.webhook.map((type) => [type, selfGuarded(handle)])) as EventHandlers;
}
