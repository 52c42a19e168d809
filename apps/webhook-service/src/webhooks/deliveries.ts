import type { EventEnvelope, EventType } from '@shopwire/contracts';
import { conflict, notFound } from '@shopwire/service-kit';
import type { StoreDeps, StoringDeps } from '../deps';
import { deliveryIdOf, type Delivery } from '../models/delivery.model';
import { logEntryId } from '../models/delivery-log.model';
import type { DeliveryLog } from './delivery-log';
import { getEndpoint } from './endpoints';

export interface DeliveryView {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  state: Delivery['state'];
  attemptCount: number;
  lastStatus?: number;
  lastLatencyMs?: number;
  lastError?: string;
  nextAttemptAt?: string;
  createdAt: string;
  attempts: Array<{ at: string; status?: number; latencyMs: number; error?: string; body?: string }>;
}

export function deliveryView(d: Delivery): DeliveryView {
  const optional = <T>(key: string, value: T | undefined) =>
    value === undefined || value === null ? {} : { [key]: value };
  return {
    id: d._id,
    endpointId: d.endpointId,
    eventId: d.eventId,
    eventType: d.eventType,
    state: d.state,
    attemptCount: d.attemptCount,
    ...optional('lastStatus', d.lastStatus),
    ...optional('lastLatencyMs', d.lastLatencyMs),
    ...optional('lastError', d.lastError),
    ...optional('nextAttemptAt', d.nextAttemptAt ? new Date(d.nextAttemptAt).toISOString() : undefined),
    createdAt: new Date(d.createdAt).toISOString(),
    attempts: d.attempts.map((a) => ({
      at: new Date(a.at).toISOString(),
      ...optional('status', a.status),
      latencyMs: a.latencyMs,
      ...optional('error', a.error),
      ...optional('body', a.body),
    })) as DeliveryView['attempts'],
  };
}

/** What of an event's envelope a partner receives: no source, correlation or causation (internal tracing). */
export const PUBLIC_ENVELOPE_FIELDS = ['id', 'type', 'version', 'occurredAt', 'data'] as const;

/** What partners receive: the public envelope of the event, whatever its version (the OpenAPI `webhooks` show it). */
export function publicPayload(event: EventEnvelope<EventType>): string {
  return JSON.stringify(Object.fromEntries(PUBLIC_ENVELOPE_FIELDS.map((field) => [field, event[field]])));
}

/**
 * Stores the delivery of an event to an endpoint before anything is sent: its due entry (the sweep's way back to it
 * after a crash) and the delivery itself, keyed by endpoint and event, numbered in the endpoint's log and marked as
 * handed to the sender, in two grouped inserts side by side. Both are done before the event is acked, so a crash in
 * between brings the event back and the due entry is written then. Returns the new delivery, or undefined when the
 * event's delivery existed already (a redelivered event: nothing is sent twice).
 */
export async function storeDelivery(
  deps: StoringDeps,
  endpointId: string,
  event: EventEnvelope<EventType>,
  leaseMs: number,
  now = new Date(),
): Promise<Delivery | undefined> {
  const id = deliveryIdOf(endpointId, event.id);
  const logSeq = await deps.deliveryLog.take(endpointId);
  const delivery: Delivery = {
    _id: id,
    endpointId,
    eventId: event.id,
    eventType: event.type,
    payload: publicPayload(event),
    state: 'pending',
    attempts: [],
    attemptCount: 0,
    nextAttemptAt: now,
    inFlightSince: now,
    logSeq,
    createdAt: now,
  };
  const [, inserted] = await Promise.all([
    deps.due.add(id, new Date(now.getTime() + leaseMs)),
    deps.insertDelivery(delivery),
  ]);
  if (inserted) return delivery;
  // Stored by an earlier handling of this event, which may have stopped before its log entry.
  const stored = await deps.store.get(deps.models.deliveries, id);
  if (stored?.logSeq) await deps.deliveryLog.list(endpointId, stored.logSeq, id);
  return undefined;
}

/** An endpoint's deliveries, newest first: `cursor` is the log number to continue below. */
export async function listDeliveries(
  deps: StoreDeps & { deliveryLog: DeliveryLog },
  endpointId: string,
  limit: number,
  cursor?: number,
): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
  await getEndpoint(deps, endpointId);
  const highest = await deps.deliveryLog.top(endpointId);
  const top = Math.min(cursor ?? highest, highest);
  const numbers = Array.from({ length: Math.max(0, Math.min(limit, top)) }, (_, i) => top - i);
  const entries = await Promise.all(
    numbers.map((n) => deps.store.get(deps.models.deliveryLog, logEntryId(endpointId, n))),
  );
  const deliveries = await Promise.all(
    entries.map((e) => (e ? deps.store.get(deps.models.deliveries, e.deliveryId) : null)),
  );
  const last = numbers.at(-1);
  return {
    items: deliveries.filter((d): d is Delivery => d !== null).map(deliveryView),
    nextCursor: last !== undefined && last > 1 ? String(last - 1) : null,
  };
}

/** An admin asks for one more attempt now, whatever the delivery's state; the sweep takes it again after `leaseMs`. */
export async function requeueDelivery(deps: StoreDeps, deliveryId: string, leaseMs: number): Promise<Delivery> {
  const delivery = await deps.store.get(deps.models.deliveries, deliveryId);
  if (!delivery) throw notFound('WEBHOOK_DELIVERY_NOT_FOUND', 'No webhook delivery with this id');
  const endpoint = await deps.store.get(deps.models.endpoints, delivery.endpointId);
  if (!endpoint?.enabled)
    throw conflict('WEBHOOK_ENDPOINT_DISABLED', 'The delivery’s endpoint is disabled or deleted; enable it first');
  const now = new Date();
  const until = new Date(now.getTime() + leaseMs);
  await deps.due.add(deliveryId, until);
  await deps.due.postpone(deliveryId, until);
  const updated = await deps.store.update(deps.models.deliveries, deliveryId, undefined, {
    $set: { state: 'pending', nextAttemptAt: now },
  });
  return updated ?? delivery;
}
