export { deliverEventToEndpoints } from './deliver-event-to-endpoints.consumer';
export type { ConsumerDeps } from './deliver-event-to-endpoints.consumer';
