import type { FastifyBaseLogger } from 'fastify';
import {
  isFromVersion,
  type EventEnvelope,
  type EventFromVersion,
  type EventMeta,
  type EventType,
  type EventVersion,
} from '@shopwire/contracts';

export interface EventHandlerContext {
  log: FastifyBaseLogger;
  /** 1 on first delivery, then 2, 3, … through the retry tiers. */
  attempt: number;
  /** Meta for events this handler emits: same correlation, caused by this event. */
  eventMeta: EventMeta;
}

export type EventHandler<T extends EventType> = (event: EventEnvelope<T>, ctx: EventHandlerContext) => Promise<void>;

export type EventHandlers = { [T in EventType]?: EventHandler<T> };

/** Thrown (or any error with `permanent: true`) when retrying cannot help: the message goes to the DLQ at once. */
export class PermanentEventError extends Error {
  readonly permanent = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentEventError';
  }
}

export function isPermanent(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { permanent?: unknown }).permanent === true;
}

const SELF_GUARDED = Symbol('shopwire.selfGuarded');

/**
 * Marks a handler whose own state change is its idempotency record (a conditional write that a second delivery
 * finds already made, or an insert keyed by the event): the consumer then writes and reads no separate inbox record
 * for it, so handling the event costs one write less.
 */
export function selfGuarded<T extends EventType>(handler: EventHandler<T>): EventHandler<T> {
  return Object.assign(handler, { [SELF_GUARDED]: true });
}

export function isSelfGuarded(handler: EventHandler<EventType>): boolean {
  return (handler as unknown as Record<symbol, unknown>)[SELF_GUARDED] === true;
}

/**
 * A handler written for version N of its type: it is called with every event of version N or later (a later version
 * only adds fields, so it finds every field it reads). An event of an older version carries too little for it; it is
 * acked without effect and logged. Handlers not wrapped are written for version 1 and take every version.
 * Wrap the inner handler: `selfGuarded(fromVersion(2, handler))`.
 */
export function fromVersion<T extends EventType, N extends EventVersion<T>>(
  version: N,
  handler: (event: EventFromVersion<T, N>, ctx: EventHandlerContext) => Promise<void>,
): EventHandler<T> {
  return async (event, ctx) => {
    const received = event.version;
    if (isFromVersion(event, version)) return handler(event, ctx);
    ctx.log.warn(
      { version: received, handledFrom: version },
      'event older than the version this consumer is written for; acked without effect',
    );
  };
}
