import { randomUUID } from 'node:crypto';
import { createEvent, createEventOfVersion, type EventEnvelope, type EventType } from '@shopwire/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { consumersFor, defineConsumer } from './consumer-definition';
import {
  fromVersion,
  isSelfGuarded,
  type EventHandler,
  type EventHandlerContext,
  type EventHandlers,
} from './event-handler';

interface Deps {
  seen: string[];
  prefix: string;
}

const meta = () => ({ source: 'order-service', correlationId: randomUUID() });
const total = { amount: 1299, currency: 'EUR' };
const warnings: unknown[] = [];
const ctx = {
  log: { warn: (...args: unknown[]) => void warnings.push(args) } as unknown as FastifyBaseLogger,
  attempt: 1,
  eventMeta: meta(),
} as EventHandlerContext;

const orderPlaced = () =>
  createEvent(
    'order.placed',
    { orderId: randomUUID(), userId: 'u1', items: [{ productId: 'p1', quantity: 1, unitPrice: total }], total },
    meta(),
  );
const orderCancelled = () =>
  createEvent('order.cancelled', { orderId: randomUUID(), userId: 'u1', reason: 'customer' }, meta());
const orderRejected = () =>
  createEvent('order.rejected', { orderId: randomUUID(), userId: 'u1', reason: 'out of stock' }, meta());

const handle = async <T extends EventType>(handlers: EventHandlers, event: EventEnvelope<T>): Promise<void> => {
  const handler = handlers[event.type] as EventHandler<T> | undefined;
  if (!handler) throw new Error(`no handler for ${event.type}`);
  await handler(event, ctx);
};

const reserve = defineConsumer(
  'order.placed',
  (deps: Deps) => async (event) => void deps.seen.push(`${deps.prefix}reserve ${event.data.orderId}`),
  { selfGuarded: true },
);
const release = defineConsumer(
  ['order.cancelled', 'order.rejected'],
  (deps: Deps) => async (event) => void deps.seen.push(`${deps.prefix}release ${event.type}`),
);
// A consumer that needs less than the app's deps fits the same registry.
const countItems = defineConsumer('order.confirmed', (deps: Pick<Deps, 'seen'>) =>
  fromVersion(2, async (event) => void deps.seen.push(`items ${event.data.items.length}`)),
);

describe('consumersFor', () => {
  it('when consumers declare their types, then the registry maps every declared type to its handler built from the deps', async () => {
    const deps: Deps = { seen: [], prefix: 'catalog: ' };
    const placed = orderPlaced();

    const handlers = consumersFor(deps, [reserve, release, countItems]);

    expect(Object.keys(handlers).sort()).toEqual([
      'order.cancelled',
      'order.confirmed',
      'order.placed',
      'order.rejected',
    ]);
    expect(reserve.types).toEqual(['order.placed']);
    expect(release.types).toEqual(['order.cancelled', 'order.rejected']);
    await handle(handlers, placed);
    await handle(handlers, orderCancelled());
    await handle(handlers, orderRejected());
    expect(deps.seen).toEqual([
      `catalog: reserve ${placed.data.orderId}`,
      'catalog: release order.cancelled',
      'catalog: release order.rejected',
    ]);
  });

  it('when a consumer is declared self-guarded, then only its handler carries the mark the consumer reads', () => {
    const handlers = consumersFor({ seen: [], prefix: '' }, [reserve, release]);

    expect(isSelfGuarded(handlers['order.placed'] as EventHandler<EventType>)).toBe(true);
    expect(isSelfGuarded(handlers['order.cancelled'] as EventHandler<EventType>)).toBe(false);
  });

  it('when a consumer is written for version 2, then it handles version 2 and acks version 1 without effect', async () => {
    const deps: Deps = { seen: [], prefix: '' };
    const handlers = consumersFor(deps, [countItems]);
    const items = [{ productId: 'p1', quantity: 2, unitPrice: total }];

    await handle(
      handlers,
      createEventOfVersion('order.confirmed', 1, { orderId: randomUUID(), userId: 'u1', total }, meta()),
    );
    await handle(
      handlers,
      createEventOfVersion('order.confirmed', 2, { orderId: randomUUID(), userId: 'u1', total, items }, meta()),
    );

    expect(deps.seen).toEqual(['items 1']);
  });

  it('when two consumers claim one event type, then building the registry throws naming the type', () => {
    const alsoRelease = defineConsumer('order.rejected', (deps: Deps) => async () => void deps.seen.push('again'));

    expect(() => consumersFor({ seen: [], prefix: '' }, [reserve, release, alsoRelease])).toThrow(
      /consumers #2 and #3 both handle 'order.rejected'/,
    );
    expect(() => consumersFor({ seen: [], prefix: '' }, [reserve, reserve])).toThrow(/both handle 'order.placed'/);
  });

  it('when a wrapper is given, then every handler runs inside it and a self-guarded one keeps its mark', async () => {
    const deps: Deps = { seen: [], prefix: '' };
    const wrap =
      (handler: EventHandler<EventType>): EventHandler<EventType> =>
      async (event, context) => {
        deps.seen.push(`before ${event.type}`);
        await handler(event, context);
      };

    const handlers = consumersFor(deps, [reserve, release], { wrap });
    await handle(handlers, orderCancelled());

    expect(deps.seen).toEqual(['before order.cancelled', 'release order.cancelled']);
    expect(isSelfGuarded(handlers['order.placed'] as EventHandler<EventType>)).toBe(true);
  });

  it('when a consumer names no event type, then defining it throws', () => {
    expect(() => defineConsumer([], (deps: Deps) => async () => void deps.seen.push('never'))).toThrow(
      /at least one event type/,
    );
  });
});
