import { consumersFor, type EventHandlers } from '@shopwire/messaging';
import type { WebhookServiceDeps } from '../deps';
import { deliverEventToEndpoints } from './deliver-event-to-endpoints.consumer';

/** Every event reaction of the service. */
export const webhookConsumers = (deps: WebhookServiceDeps): EventHandlers =>
  consumersFor(deps, [deliverEventToEndpoints]);
