import type { EventType } from '@shopwire/contracts';
import { selfGuarded, type EventHandler, type EventHandlers } from './event-handler';

export interface ConsumerOptions {
  /** The handler's own state change is its idempotency record (see `selfGuarded`). */
  selfGuarded?: boolean;
}

/** One event reaction of a service: the type(s) it handles and how to build its handler from the app's deps. */
export interface ConsumerDefinition<D, T extends EventType = EventType> {
  readonly types: readonly T[];
  readonly selfGuarded: boolean;
  readonly handler: (deps: D) => EventHandler<T>;
}

/** A definition with its event types forgotten, so one registry can list reactions to different types. */
export interface AnyConsumerDefinition<D> {
  readonly types: readonly EventType[];
  readonly selfGuarded: boolean;
  readonly handler: (deps: D) => EventHandler<never>;
}

/**
 * Declares an event reaction in its own file: `defineConsumer('order.placed', (deps: Deps) => async (event, ctx) => ...)`.
 * A handler written for a later version wraps itself: `(deps) => fromVersion(2, (event) => ...)`.
 */
export function defineConsumer<T extends EventType, D>(
  types: T | readonly T[],
  handler: (deps: D) => EventHandler<T>,
  options: ConsumerOptions = {},
): ConsumerDefinition<D, T> {
  const list: readonly T[] = typeof types === 'string' ? [types] : types;
  if (list.length === 0) throw new Error('a consumer must handle at least one event type');
  return { types: list, selfGuarded: options.selfGuarded === true, handler };
}

export interface ConsumersForOptions {
  /** Runs around every handler (inside the self-guard mark), e.g. to wait for the store's indexes. */
  wrap?: (handler: EventHandler<EventType>) => EventHandler<EventType>;
}

/**
 * The service's consumer registry: builds each definition's handler once from `deps` into the map
 * `messaging.consume` takes. Throws when two definitions (or one twice) claim the same event type.
 */
export function consumersFor<D>(
  deps: D,
  definitions: readonly AnyConsumerDefinition<D>[],
  options: ConsumersForOptions = {},
): EventHandlers {
  const handlers: Partial<Record<EventType, EventHandler<EventType>>> = {};
  const claimedBy = new Map<EventType, number>();
  definitions.forEach((definition, index) => {
    let handler = definition.handler(deps) as EventHandler<EventType>;
    if (options.wrap) handler = options.wrap(handler);
    if (definition.selfGuarded) handler = selfGuarded(handler);
    for (const type of definition.types) {
      const earlier = claimedBy.get(type);
      if (earlier !== undefined)
        throw new Error(
          `consumers #${earlier + 1} and #${index + 1} both handle '${type}'; one event type has one consumer`,
        );
      claimedBy.set(type, index);
      handlers[type] = handler;
    }
  });
  return handlers as EventHandlers;
}
