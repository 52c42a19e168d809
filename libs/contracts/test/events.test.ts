import { randomUUID } from 'node:crypto';
import {
  createEvent,
  createEventOfVersion,
  CURRENT_VERSIONS,
  decodeEvent,
  EVENT_CATALOG,
  EVENT_TYPES,
  InvalidEventError,
  isFromVersion,
  parseEvent,
  type EventData,
  type EventEnvelope,
} from '../src';

const meta = { source: 'order-service', correlationId: 'req-1' };
const money = { amount: 1299, currency: 'EUR' };

describe('event contracts', () => {
  it("when an event is created, then it has a uuid, an ISO time, its type's current version and no cause unless given", () => {
    const event = createEvent('order.cancelled', { orderId: 'o1', userId: 'u1', reason: 'customer_request' }, meta);

    expect(event).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'order.cancelled',
      version: 1,
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      source: 'order-service',
      correlationId: 'req-1',
      causationId: null,
      data: { orderId: 'o1', userId: 'u1', reason: 'customer_request' },
    });
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual({ ok: true, event });
  });

  it('when data breaks its schema, then createEvent throws naming the field', () => {
    const bad = {
      orderId: 'o1',
      userId: 'u1',
      total: { amount: 12.5, currency: 'EUR' },
      items: [],
    } as EventData<'order.confirmed'>;
    expect(() => createEvent('order.confirmed', bad, meta)).toThrow(InvalidEventError);
    expect(() => createEvent('order.confirmed', bad, meta)).toThrow(/data\/total\/amount must be integer/);
  });

  it('when money has a lower-case currency or data an unknown field, then it is rejected', () => {
    const base = createEvent(
      'product.updated',
      { productId: 'p', sku: 'S-1', name: 'Tea', price: money, active: true, category: 'tea' },
      meta,
    );
    expect(parseEvent({ ...base, data: { ...base.data, price: { amount: 1, currency: 'eur' } } })).toEqual({
      ok: false,
      reason: expect.stringContaining('data/price/currency'),
    });
    expect(parseEvent({ ...base, data: { ...base.data, extra: 1 } })).toEqual({
      ok: false,
      reason: 'data/extra is not an allowed field',
    });
  });

  it('when the envelope is wrong, then parseEvent says what is wrong', () => {
    const event = createEvent('user.deleted', { userId: 'u1' }, { ...meta, causationId: randomUUID() });
    expect(parseEvent('nope')).toEqual({ ok: false, reason: 'envelope is not an object' });
    expect(parseEvent({ ...event, id: 'x' })).toEqual({ ok: false, reason: expect.stringContaining('envelope/id') });
    expect(parseEvent({ ...event, type: 'user.exploded' })).toMatchObject({ ok: false });
    expect(parseEvent({ ...event, version: 7 })).toEqual({ ok: false, reason: 'unknown version 7 of user.deleted' });
    const { correlationId: _c, ...withoutCorrelation } = event;
    expect(parseEvent(withoutCorrelation)).toEqual({ ok: false, reason: 'envelope/correlationId is required' });
  });

  it('when bytes are not JSON, then decodeEvent reports invalid JSON', () => {
    expect(decodeEvent('{not json')).toEqual({ ok: false, reason: expect.stringMatching(/^invalid JSON: /) });
  });

  it('when the order saga events are built from the SPEC examples, then each validates', () => {
    const items = [{ productId: 'p1', quantity: 2, unitPrice: money }];
    expect(() =>
      createEvent('order.placed', { orderId: 'o', userId: 'u', items, total: { amount: 2598, currency: 'EUR' } }, meta),
    ).not.toThrow();
    expect(() =>
      createEvent('stock.reserved', { orderId: 'o', items: [{ productId: 'p1', quantity: 2 }] }, meta),
    ).not.toThrow();
    expect(() =>
      createEvent('stock.rejected', { orderId: 'o', reason: 'out_of_stock', unavailable: ['p1'] }, meta),
    ).not.toThrow();
    expect(() =>
      createEvent('order.rejected', { orderId: 'o', userId: 'u', reason: 'payment_declined' }, meta),
    ).not.toThrow();
    expect(() =>
      createEvent(
        'order.placed',
        { orderId: 'o', userId: 'u', items: [{ productId: 'p1', quantity: 0, unitPrice: money }], total: money },
        meta,
      ),
    ).toThrow(/quantity/);
  });

  it('when an address book is published, then a saved address needs its recipient and takes no field of its own', () => {
    const home = {
      id: 'a1',
      label: 'home',
      name: 'Ada Lovelace',
      line1: '1 Main Street',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
    };
    const { label: _label, ...unlabelled } = home;
    expect(() =>
      createEvent(
        'user.addresses.changed',
        { userId: 'u1', revision: 3, addresses: [home, { ...unlabelled, id: 'a2' }] },
        meta,
      ),
    ).not.toThrow();
    const { name: _name, ...unnamed } = home;
    expect(() =>
      createEvent('user.addresses.changed', { userId: 'u1', revision: 3, addresses: [unnamed as typeof home] }, meta),
    ).toThrow(/addresses\/0\/name is required/);
    expect(() =>
      createEvent(
        'user.addresses.changed',
        { userId: 'u1', revision: 3, addresses: [{ ...home, isDefault: true } as typeof home] },
        meta,
      ),
    ).toThrow(/isDefault is not an allowed field/);
  });

  it('when listing types, then every SPEC event type has a version-1 schema', () => {
    expect(EVENT_TYPES).toHaveLength(19);
    for (const type of EVENT_TYPES) expect(EVENT_CATALOG[type][1]).toBeDefined();
  });

  it('when the current versions are listed, then each names a version the catalog has', () => {
    for (const type of EVENT_TYPES) expect(Object.keys(EVENT_CATALOG[type])).toContain(String(CURRENT_VERSIONS[type]));
  });
});

describe('event versions', () => {
  const items = [{ productId: 'p1', quantity: 2, unitPrice: money }];
  const confirmedV1 = { orderId: 'o1', userId: 'u1', total: { amount: 2598, currency: 'EUR' } };
  const snapshotV1 = { productId: 'p1', sku: 'S-1', name: 'Tea', price: money, active: true };

  it("when order-service confirms an order today, then the event is version 2 and carries the order's lines", () => {
    const event = createEvent('order.confirmed', { ...confirmedV1, items }, meta);

    expect(event).toMatchObject({ type: 'order.confirmed', version: 2, data: { ...confirmedV1, items } });
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual({ ok: true, event });
    expect(createEvent('product.created', { ...snapshotV1, category: 'tea' }, meta)).toMatchObject({
      version: 2,
      data: { category: 'tea' },
    });
  });

  it('when a version-1 event arrives (an older producer), then it still validates, and version 2 without its new field does not', () => {
    const v1 = createEventOfVersion('order.confirmed', 1, confirmedV1, meta);

    expect(v1).toMatchObject({ version: 1, data: confirmedV1 });
    expect(parseEvent(JSON.parse(JSON.stringify(v1)))).toEqual({ ok: true, event: v1 });
    expect(parseEvent({ ...v1, version: 2 })).toEqual({ ok: false, reason: 'data/items is required' });
    expect(parseEvent({ ...v1, data: { ...confirmedV1, items } })).toEqual({
      ok: false,
      reason: 'data/items is not an allowed field',
    });
    expect(parseEvent(createEventOfVersion('product.updated', 1, snapshotV1, meta))).toMatchObject({ ok: true });
  });

  it('when a later version is compared with the one before, then it only adds fields and keeps every earlier one as it was', () => {
    for (const type of EVENT_TYPES) {
      const versions = Object.entries(EVENT_CATALOG[type])
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([, schema]) => schema as { properties: Record<string, unknown>; required?: string[] });
      for (const [before, after] of versions.slice(1).map((later, n) => [versions[n] ?? later, later] as const)) {
        for (const [field, schema] of Object.entries(before.properties))
          expect([type, field, after.properties[field]]).toEqual([type, field, schema]);
        expect(after.required ?? []).toEqual(expect.arrayContaining(before.required ?? []));
      }
    }
  });

  it('when a consumer written for version 1 reads a version-2 event, then the fields it knows are there unchanged; one written for 2 tells the versions apart', () => {
    const received = JSON.parse(
      JSON.stringify(createEvent('order.confirmed', { ...confirmedV1, items }, meta)),
    ) as EventEnvelope<'order.confirmed'>;
    const older = JSON.parse(
      JSON.stringify(createEventOfVersion('order.confirmed', 1, confirmedV1, meta)),
    ) as EventEnvelope<'order.confirmed'>;

    const { orderId, userId, total } = received.data;
    expect({ orderId, userId, total }).toEqual(confirmedV1);
    expect(isFromVersion(received, 2) && received.data.items).toEqual(items);
    expect(isFromVersion(older, 2)).toBe(false);
    expect(isFromVersion(older, 1)).toBe(true);
  });
});
