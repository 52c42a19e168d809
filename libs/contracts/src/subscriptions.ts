import { EVENT_TYPES, type EventType } from './envelope';

/** The services that publish or consume events; each one's queue is `<service>.events`. */
export const SERVICES = ['user', 'catalog', 'order', 'notification'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Which service emits each event type (SPEC section 8 and the order saga). */
export const PUBLISHERS: Readonly<Record<EventType, ServiceName>> = {
  'user.registered': 'user',
  'user.updated': 'user',
  'user.deleted': 'user',
  'user.addresses.changed': 'user',
  'product.created': 'catalog',
  'product.updated': 'catalog',
  'product.archived': 'catalog',
  'order.placed': 'order',
  'stock.reserved': 'catalog',
  'stock.rejected': 'catalog',
  'stock.released': 'catalog',
  'order.confirmed': 'order',
  'order.shipped': 'order',
  'order.delivered': 'order',
  'order.rejected': 'order',
  'order.cancelled': 'order',
};

/**
 * Which event types each service's queue takes. A service's consumer must handle exactly these, and every publisher
 * of one of them declares the subscriber's queue and binding too, so an event never finds its queue missing.
 */
export const SUBSCRIPTIONS: Readonly<Record<ServiceName, readonly EventType[]>> = {
  user: [],
  catalog: ['order.placed', 'order.confirmed', 'order.rejected', 'order.cancelled', 'order.shipped'],
  order: ['product.created', 'product.updated', 'product.archived', 'stock.reserved', 'stock.rejected', 'order.cancelled', 'user.addresses.changed', 'user.deleted'],
  notification: ['user.registered', 'user.updated', 'user.deleted', 'order.confirmed', 'order.rejected', 'order.cancelled', 'order.shipped', 'order.delivered'],
};

export function isServiceName(name: string): name is ServiceName {
  return (SERVICES as readonly string[]).includes(name);
}

/** The event types a service emits. */
export function publishedBy(service: ServiceName): EventType[] {
  return EVENT_TYPES.filter((type) => PUBLISHERS[type] === service);
}

/** The services whose queues take an event type; none for a type nobody reacts to (yet). */
export function subscribersOf(type: EventType): ServiceName[] {
  return SERVICES.filter((service) => SUBSCRIPTIONS[service].includes(type));
}
