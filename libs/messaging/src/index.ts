export { BrokerConnection } from './broker-connection';
export type { BrokerConnectionOptions, BrokerLogger } from './broker-connection';
export { brokerPlugin } from './broker.plugin';
export { messagingPlugin, DEFAULT_RETRY_DELAYS_MS } from './messaging.plugin';
export type { Messaging, MessagingPluginOptions } from './messaging.plugin';
export { withOutbox } from './outbox.schema';
export type { OutboxFields } from './outbox.schema';
export { PermanentEventError, fromVersion, isPermanent, selfGuarded } from './event-handler';
export type { EventHandler, EventHandlers, EventHandlerContext } from './event-handler';
export { defineConsumer, consumersFor } from './consumer-definition';
export type {
  ConsumerDefinition,
  AnyConsumerDefinition,
  ConsumerOptions,
  ConsumersForOptions,
} from './consumer-definition';
export { EventPublisher, PublishError } from './event-publisher';
export type { PublishResult } from './event-publisher';
export { queuesOf, declareExchange, declareServiceTopology, declareStream } from './topology';
export { replicaFeed } from './replica-feed';
export type { ReplicaFeed, ReplicaFeedOptions } from './replica-feed';
export { followStream } from './stream-follower';
export { registerEventService } from './event-service';
export type { EventServiceConfig, EventServiceOptions } from './event-service';
export { outboxStatusOf } from './outbox-query';
export type { OutboxStatus } from './outbox-query';
export { RETRY_HEADERS, DLQ_HEADERS } from './message-headers';
export { captureTraceHeaders } from './trace-context';
