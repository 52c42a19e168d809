import { EVENT_TYPES, type EventType } from './envelope';

/** The services that publish or consume events; each one's queue is `<service>.events`. */
export const SERVICES = ['user', 'catalog', 'order', 'notification', 'webhook', 'recommendation'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Which service emits each event type (SPEC section 8 and the order saga). */
export const PUBLISHERS: Readonly<Record<EventType, ServiceName>> = {
  'user.registered': 'user',
  'user.updated': 'user',
  'user.deleted': 'user',
  'user.addresses.changed': 'user',
  'user.roles.changed': 'user',
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
  'report.sales.daily': 'order',
  'webhook.endpoint.disabled': 'webhook',
};

/** The events notification-service tells a user of, each a notification type of its own (with `welcome`). */
export const NOTIFIED_EVENTS = [
  'order.confirmed',
  'order.rejected',
  'order.cancelled',
  'order.shipped',
  'order.delivered',
  'report.sales.daily',
  'webhook.endpoint.disabled',
] as const satisfies readonly EventType[];

/**
 * Which event types each service's queue takes. A service's consumer must handle exactly these, and every publisher
 * of one of them declares the subscriber's queue and binding too, so an event never finds its queue missing.
 */
export const SUBSCRIPTIONS: Readonly<Record<ServiceName, readonly EventType[]>> = {
  user: [],
  catalog: ['order.placed', 'order.confirmed', 'order.rejected', 'order.cancelled', 'order.shipped'],
  order: [
    'product.created',
    'product.updated',
    'product.archived',
    'stock.reserved',
    'stock.rejected',
    'order.cancelled',
    'user.addresses.changed',
    'user.deleted',
  ],
  // It keeps a copy of users (user.*) and tells them of the rest.
  notification: ['user.registered', 'user.updated', 'user.deleted', 'user.roles.changed', ...NOTIFIED_EVENTS],
  // Partners' endpoints hear of orders and products as they happen (SPEC 7b).
  webhook: [
    'order.placed',
    'order.confirmed',
    'order.rejected',
    'order.cancelled',
    'order.shipped',
    'order.delivered',
    'product.created',
    'product.updated',
    'product.archived',
  ],
  // Recommendations learn from what is bought and which products can be shown (SPEC 7a).
  recommendation: [
    'order.confirmed',
    'order.cancelled',
    'product.created',
    'product.updated',
    'product.archived',
    'user.deleted',
  ],
};

/**
 * Streams: append-only queues every process reads whole (each from its start), not work queues one replica takes
 * from. `user.access` holds what ends access tokens already issued (a deleted account, changed roles); every
 * service that verifies tokens follows it, and the publisher declares it with its retention.
 */
export const STREAMS = {
  'user.access': { types: ['user.deleted', 'user.roles.changed'], maxAge: '25h' },
} as const satisfies Record<string, { types: readonly EventType[]; maxAge: string }>;
export type StreamName = keyof typeof STREAMS;

/** The streams an event type is appended to. */
export function streamsOf(type: EventType): StreamName[] {
  return (Object.keys(STREAMS) as StreamName[]).filter((name) =>
    (STREAMS[name].types as readonly EventType[]).includes(type),
  );
}

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
