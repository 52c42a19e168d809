import { randomUUID } from 'node:crypto';
import { createEvent, createEventOfVersion, type EventDataOf } from '@shopwire/contracts';
import { publishTestEvent, waitFor, waitForReady } from '@shopwire/testing';
import { fromVersion, queuesOf } from '../src';
import { startTestService, type TestService } from './support/test-service';

const meta = () => ({ source: 'order-service', correlationId: randomUUID() });
const money = { amount: 2598, currency: 'EUR' };
const items = [{ productId: 'p1', quantity: 2, unitPrice: { amount: 1299, currency: 'EUR' } }];

describe('consumers of a type with two versions', () => {
  let v1Consumer: TestService;
  let v2Consumer: TestService;
  const v1Seen: Array<{ id: string; version: number; data: EventDataOf<'order.confirmed', 1> }> = [];
  const v2Seen: Array<{ id: string; items: unknown }> = [];
  const handled = new Map<string, string[]>();

  beforeAll(async () => {
    v1Consumer = await startTestService({
      // Written for version 1: it reads orderId, userId and total only.
      handlers: {
        'order.confirmed': async (event) =>
          void v1Seen.push({
            id: event.id,
            version: event.version,
            data: { orderId: event.data.orderId, userId: event.data.userId, total: event.data.total },
          }),
      },
    });
    v2Consumer = await startTestService({
      handlers: {
        'order.confirmed': fromVersion(2, async (event) => void v2Seen.push({ id: event.id, items: event.data.items })),
      },
    });
    for (const svc of [v1Consumer, v2Consumer])
      svc.app.messaging.onHandled((id) => handled.set(svc.service, [...(handled.get(svc.service) ?? []), id]));
    await Promise.all([waitForReady(v1Consumer.app), waitForReady(v2Consumer.app)]);
  });

  afterAll(async () => {
    for (const svc of [v1Consumer, v2Consumer]) {
      await svc.app.close();
      await svc.cleanUp();
    }
  });

  const deliverToBoth = async (event: { id: string }): Promise<void> => {
    for (const svc of [v1Consumer, v2Consumer])
      await publishTestEvent(event as never, { queue: queuesOf(svc.service).main });
    await waitFor(() => [v1Consumer, v2Consumer].every((svc) => handled.get(svc.service)?.includes(event.id)), {
      timeoutMs: 20000,
      description: `${event.id} handled by both`,
    });
  };

  it('when a version-2 producer confirms an order, then a consumer written for version 1 handles it as before and one written for 2 gets the items', async () => {
    const base = { orderId: randomUUID(), userId: 'u1', total: money };
    const event = createEvent('order.confirmed', { ...base, items }, meta());

    await deliverToBoth(event);

    expect(v1Seen.find((seen) => seen.id === event.id)).toEqual({ id: event.id, version: 2, data: base });
    expect(v2Seen.find((seen) => seen.id === event.id)).toEqual({ id: event.id, items });
  });

  it('when a version-1 producer confirms an order, then the version-1 consumer handles it and the version-2 consumer acks it without effect', async () => {
    const base = { orderId: randomUUID(), userId: 'u1', total: money };
    const event = createEventOfVersion('order.confirmed', 1, base, meta());

    await deliverToBoth(event);

    expect(v1Seen.find((seen) => seen.id === event.id)).toEqual({ id: event.id, version: 1, data: base });
    expect(v2Seen.find((seen) => seen.id === event.id)).toBeUndefined();
    for (const svc of [v1Consumer, v2Consumer])
      expect(
        await svc.app.mongo
          .collection('processed_events')
          .countDocuments({ _id: `${svc.service}:${event.id}` } as never),
      ).toBe(1);
  });
});
