import type { Options } from 'amqplib';
import { subscribersOf, type EventEnvelope } from '@shopwire/contracts';

/** AMQP properties of an event: ids for tooling, W3C trace context and correlation/causation in headers. */
export function eventPublishOptions(
  event: EventEnvelope,
  trace: { traceparent?: string; tracestate?: string } | undefined,
): Options.Publish & { messageId: string } {
  const headers: Record<string, string> = { 'x-correlation-id': event.correlationId };
  if (event.causationId) headers['x-causation-id'] = event.causationId;
  if (trace?.traceparent) headers.traceparent = trace.traceparent;
  if (trace?.tracestate) headers.tracestate = trace.tracestate;
  return {
    messageId: event.id,
    type: event.type,
    correlationId: event.correlationId,
    appId: event.source,
    contentType: 'application/json',
    timestamp: Math.floor(Date.parse(event.occurredAt) / 1000),
    persistent: true,
    // A type with subscribers must reach a queue (the broker returns it otherwise); one nobody takes yet is dropped.
    mandatory: subscribersOf(event.type).length > 0,
    headers,
  };
}

export const RETRY_HEADERS = {
  attempt: 'x-attempt',
  lastError: 'x-last-error',
  originalRoutingKey: 'x-original-routing-key',
} as const;
export const DLQ_HEADERS = {
  reason: 'x-dlq-reason',
  error: 'x-dlq-error',
  at: 'x-dlq-at',
  service: 'x-dlq-service',
} as const;

/** Delivery attempt carried in the message: 1 when absent. */
export function attemptOf(headers: Record<string, unknown> | undefined): number {
  const value = Number(headers?.[RETRY_HEADERS.attempt] ?? 1);
  return Number.isInteger(value) && value >= 1 ? value : 1;
}
