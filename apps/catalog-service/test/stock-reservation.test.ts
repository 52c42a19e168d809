import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@shopwire/contracts';
import { publishTestEvent, waitFor, type CollectedEvents } from '@shopwire/testing';
import type { ProductRecord } from '../src/models/product.model';
import type { ReservationRecord } from '../src/models/reservation.model';
import { recordReservation } from '../src/stock/reservation-record';
import { holdStock, moveHeldStock } from '../src/stock/stock-holds';
import type { CatalogTestApp } from './support/catalog-test-app';
import { orderConfirmed, orderEnded, orderPlaced, orderProgressed } from './support/order-events';
import { useStockSuite, type StockSuite } from './support/stock-suite';

type StockEvent = EventEnvelope<'stock.reserved' | 'stock.rejected' | 'stock.released'>;

function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} is missing`);
  return value;
}

describe('stock for orders', () => {
  let catalog: CatalogTestApp;
  let api: StockSuite['api'];
  let wire: CollectedEvents;
  let category: string;
  /** Every product a test stocked, with what it started with: available + reserved + sold must still add up to it. */
  const initialStock = new Map<string, number>();
  useStockSuite({}, (suite) => ({ catalog, api, wire, category } = suite));

  afterEach(async () => {
    const checked = [...initialStock];
    initialStock.clear();
    for (const [id, initial] of checked) {
      const { stock, holds } = await product(id);
      expect({ id, total: stock.available + stock.reserved + stock.sold }).toEqual({ id, total: initial });
      expect(Math.min(stock.available, stock.reserved, stock.sold)).toBeGreaterThanOrEqual(0);
      const heldReserved = Object.values(holds)
        .filter((h) => h.state === 'reserved')
        .reduce((sum, h) => sum + h.quantity, 0);
      expect({ id, heldReserved }).toEqual({ id, heldReserved: stock.reserved });
    }
  });

  const stocked = async (available: number): Promise<string> => {
    const { id } = await api.createProduct({ category, stock: { available } });
    initialStock.set(id, available);
    return id;
  };
  const product = async (id: string) =>
    must(await catalog.deps.Product.findById(id).lean<ProductRecord>(), `product ${id}`);
  const stockOf = async (id: string) => (await product(id)).stock;
  const reservation = async (orderId: string) =>
    must(await catalog.deps.Reservation.findById(orderId).lean<ReservationRecord>(), `reservation ${orderId}`);
  const send = (event: EventEnvelope) => publishTestEvent(event, { queue: catalog.queue });
  const eventsFor = (orderId: string, type?: StockEvent['type']) =>
    (wire.events as StockEvent[]).filter((e) => e.data.orderId === orderId && (type === undefined || e.type === type));
  const outcome = (orderId: string) =>
    wire.waitFor(
      (e) => (e.type === 'stock.reserved' || e.type === 'stock.rejected') && (e as StockEvent).data.orderId === orderId,
    ) as Promise<StockEvent>;
  const released = (orderId: string) =>
    wire.waitFor((e) => e.type === 'stock.released' && (e as StockEvent).data.orderId === orderId);
  const handled = (type: string, count: number) =>
    waitFor(async () => (await catalog.eventCount('consumed', type)) >= count, {
      timeoutMs: 20000,
      description: `${count} ${type} handled`,
    });
  /** Sends the events (all of one type) in turn and waits until catalog has consumed as many more of that type. */
  const sendHandled = async (first: EventEnvelope, ...more: EventEnvelope[]) => {
    const before = await catalog.eventCount('consumed', first.type);
    for (const event of [first, ...more]) await send(event);
    await handled(first.type, before + 1 + more.length);
  };
  const reservationIs = (orderId: string, state: string) =>
    waitFor(async () => (await catalog.deps.Reservation.findById(orderId).lean<ReservationRecord>())?.state === state, {
      timeoutMs: 20000,
      description: `reservation ${state}`,
    });
  const placeAndReserve = async (lines: Array<[string, number]>): Promise<string> => {
    const orderId = randomUUID();
    await send(orderPlaced(orderId, lines));
    expect((await outcome(orderId)).type).toBe('stock.reserved');
    return orderId;
  };

  /** An order placed, reserved and then confirmed: its stock is sold. */
  const placeAndSell = async (lines: Array<[string, number]>): Promise<string> => {
    const orderId = await placeAndReserve(lines);
    await send(orderProgressed('order.confirmed', orderId));
    await reservationIs(orderId, 'sold');
    return orderId;
  };
  it('when 50 orders for one product with 10 in stock are placed at once, then exactly 10 are reserved, 40 rejected, and available never drops below 0', async () => {
    const productId = await stocked(10);
    const orders = Array.from({ length: 50 }, () => orderPlaced(randomUUID(), [[productId, 1]]));
    const orderIds = new Set(orders.map((o) => o.data.orderId));

    await Promise.all(orders.map(send));

    let lowest = Infinity;
    const outcomes = await waitFor(
      async () => {
        lowest = Math.min(lowest, (await stockOf(productId)).available);
        const answered = (wire.events as StockEvent[]).filter(
          (e) => e.type !== 'stock.released' && orderIds.has(e.data.orderId),
        );
        return answered.length >= 50 && answered;
      },
      { timeoutMs: 45000, intervalMs: 20, description: '50 answers' },
    );
    expect(outcomes.filter((e) => e.type === 'stock.reserved')).toHaveLength(10);
    const rejected = outcomes.filter((e) => e.type === 'stock.rejected') as Array<EventEnvelope<'stock.rejected'>>;
    expect(rejected).toHaveLength(40);
    expect(rejected.every((e) => e.data.reason === 'out_of_stock' && e.data.unavailable.join() === productId)).toBe(
      true,
    );
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(await stockOf(productId)).toEqual({ available: 0, reserved: 10, sold: 0 });
    expect(await catalog.deps.Reservation.countDocuments({ _id: { $in: [...orderIds] }, state: 'reserved' })).toBe(10);
  }, 60000);

  it('when one line of a multi-line order is short, then nothing is held for the order and stock.rejected names the short product', async () => {
    const [plenty, scarce, more] = [await stocked(5), await stocked(1), await stocked(4)];
    const orderId = randomUUID();

    await send(
      orderPlaced(orderId, [
        [plenty, 2],
        [scarce, 2],
        [more, 1],
      ]),
    );

    const answer = await outcome(orderId);
    expect(answer).toMatchObject({
      type: 'stock.rejected',
      source: 'catalog-service',
      data: { orderId, reason: 'out_of_stock', unavailable: [scarce] },
    });
    expect(await stockOf(plenty)).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect(await stockOf(scarce)).toEqual({ available: 1, reserved: 0, sold: 0 });
    expect(await stockOf(more)).toEqual({ available: 4, reserved: 0, sold: 0 });
    expect((await reservation(orderId)).lines.map((l) => l.state)).toEqual(['released', 'unavailable', 'released']);
  });

  it('when an order is reserved, then stock.reserved carries its lines and the correlation of order.placed', async () => {
    const [a, b] = [await stocked(3), await stocked(3)];
    const orderId = randomUUID();
    const placed = orderPlaced(orderId, [
      [a, 1],
      [b, 3],
    ]);

    await send(placed);

    expect(await outcome(orderId)).toMatchObject({
      type: 'stock.reserved',
      correlationId: placed.correlationId,
      causationId: placed.id,
      data: {
        orderId,
        items: [
          { productId: a, quantity: 1 },
          { productId: b, quantity: 3 },
        ],
      },
    });
    expect(await stockOf(b)).toEqual({ available: 0, reserved: 3, sold: 0 });
  });

  it('when a product is archived, then new orders cannot reserve it, while an order that reserved it before still completes', async () => {
    const productId = await stocked(5);
    const earlier = await placeAndReserve([[productId, 2]]);
    await api.archive(productId);

    const later = randomUUID();
    await send(orderPlaced(later, [[productId, 1]]));
    expect(await outcome(later)).toMatchObject({ type: 'stock.rejected', data: { unavailable: [productId] } });

    await send(orderProgressed('order.confirmed', earlier));
    await reservationIs(earlier, 'sold');
    expect(await stockOf(productId)).toEqual({ available: 3, reserved: 0, sold: 2 });
  });

  it('when the handler stopped after holding some lines and order.placed is redelivered, then the end state is exactly that of an order without the crash', async () => {
    const quantities = [2, 3, 1];
    // Enough stock that taking a line twice would succeed: only the hold record prevents it.
    const control = [await stocked(10), await stocked(10), await stocked(10)];
    const crashed = [await stocked(10), await stocked(10), await stocked(10)];
    const lines = (ids: string[]) => ids.map((id, i): [string, number] => [id, must(quantities[i], 'quantity')]);
    const controlOrder = await placeAndReserve(lines(control));

    // The crashed delivery: lines 1 and 2 held on their products, line 3 untouched, nothing recorded yet.
    const orderId = randomUUID();
    const placed = orderPlaced(orderId, lines(crashed));
    const [first, second] = placed.data.items;
    expect(await holdStock(catalog.deps, orderId, must(first, 'line 1'))).toBe(true);
    expect(await holdStock(catalog.deps, orderId, must(second, 'line 2'))).toBe(true);

    await send(placed);

    expect((await outcome(orderId)).type).toBe('stock.reserved');
    for (const [i, id] of crashed.entries())
      expect(await stockOf(id)).toEqual(await stockOf(must(control[i], 'control product')));
    const [afterCrash, withoutCrash] = [await reservation(orderId), await reservation(controlOrder)];
    expect([afterCrash.state, afterCrash.lines.map((l) => [l.quantity, l.state])]).toEqual([
      withoutCrash.state,
      withoutCrash.lines.map((l) => [l.quantity, l.state]),
    ]);

    // Released afterwards, both give back exactly what they took; the crashed order announced its reservation once.
    await send(orderEnded('order.cancelled', orderId));
    await released(orderId);
    expect(eventsFor(orderId, 'stock.reserved')).toHaveLength(1);
    for (const id of crashed) expect(await stockOf(id)).toEqual({ available: 10, reserved: 0, sold: 0 });
  });

  it('when the handler stopped half-way through giving back a rejected order and order.placed is redelivered, then the stock is given back once', async () => {
    const [plenty, scarce] = [await stocked(5), await stocked(1)];
    const orderId = randomUUID();
    const placed = orderPlaced(orderId, [
      [plenty, 2],
      [scarce, 3],
    ]);

    // The crashed delivery: held line 1, found line 2 short, recorded the rejection, gave line 1 back on the product, died before recording that.
    const [first, second] = placed.data.items.map(({ productId, quantity }) => ({ productId, quantity }));
    expect(await holdStock(catalog.deps, orderId, must(first, 'line 1'))).toBe(true);
    expect(await holdStock(catalog.deps, orderId, must(second, 'line 2'))).toBe(false);
    await recordReservation(catalog.deps, orderId, 'rejecting', [
      { ...must(first, 'line 1'), state: 'held' },
      { ...must(second, 'line 2'), state: 'unavailable' },
    ]);
    await moveHeldStock(catalog.deps, 'release', orderId, must(first, 'line 1'));

    await send(placed);

    expect(await outcome(orderId)).toMatchObject({ type: 'stock.rejected', data: { unavailable: [scarce] } });
    expect(await stockOf(plenty)).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect((await reservation(orderId)).state).toBe('rejected');
  });

  it('when the handler stopped after holding stock and the order was cancelled before order.placed came again, then the redelivery gives that stock back', async () => {
    const productId = await stocked(5);
    const orderId = randomUUID();
    const placed = orderPlaced(orderId, [[productId, 2]]);

    // The crashed delivery held the line and died before recording the reservation; the cancellation came next.
    expect(await holdStock(catalog.deps, orderId, { productId, quantity: 2 })).toBe(true);
    await sendHandled(orderEnded('order.cancelled', orderId));
    await send(placed);

    await waitFor(async () => (await stockOf(productId)).available === 5, {
      timeoutMs: 20000,
      description: 'the stray hold given back',
    });
    expect(await stockOf(productId)).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect((await product(productId)).holds).toEqual({});
    expect((await reservation(orderId)).state).toBe('released');
  });

  it('when a reservation was left reserving by an earlier version and order.placed is redelivered, then it is decided like any other', async () => {
    const [a, b] = [await stocked(4), await stocked(4)];
    const orderId = randomUUID();
    // Earlier versions recorded the reservation first, then held line by line.
    expect(await holdStock(catalog.deps, orderId, { productId: a, quantity: 1 })).toBe(true);
    await catalog.deps.Reservation.create({
      _id: orderId,
      state: 'reserving',
      lines: [
        { productId: a, quantity: 1, state: 'held' },
        { productId: b, quantity: 2, state: 'pending' },
      ],
    });

    await send(
      orderPlaced(orderId, [
        [a, 1],
        [b, 2],
      ]),
    );

    expect((await outcome(orderId)).type).toBe('stock.reserved');
    expect(await stockOf(a)).toEqual({ available: 3, reserved: 1, sold: 0 });
    expect(await stockOf(b)).toEqual({ available: 2, reserved: 2, sold: 0 });
    expect((await reservation(orderId)).lines.map((l) => l.state)).toEqual(['held', 'held']);
  });

  it('when the same order.placed is delivered twice, and again under a new event id, then the order holds its stock once', async () => {
    const productId = await stocked(6);
    const orderId = randomUUID();
    const placed = orderPlaced(orderId, [[productId, 2]]);
    const placedAgain = { ...placed, id: randomUUID() };

    const handledBefore = await catalog.eventCount('consumed', 'order.placed');

    await Promise.all([send(placed), send(placed)]);
    await send(placedAgain);

    // The reservation is the handler's own idempotency record (selfGuarded): each delivery runs it, and finds its work done.
    await handled('order.placed', handledBefore + 3);
    expect((await reservation(orderId)).state).toBe('reserved');

    expect(await stockOf(productId)).toEqual({ available: 4, reserved: 2, sold: 0 });
    await send(orderEnded('order.cancelled', orderId));
    await released(orderId);
    expect(eventsFor(orderId, 'stock.reserved')).toHaveLength(1);
    expect(await stockOf(productId)).toEqual({ available: 6, reserved: 0, sold: 0 });
  });

  it.each([
    ['order.cancelled', 'order.rejected'],
    ['order.rejected', 'order.cancelled'],
  ] as const)(
    'when a reserved order gets %s, then its stock returns once, with one stock.released; a later %s changes nothing',
    async (first, second) => {
      const productId = await stocked(5);
      const orderId = await placeAndReserve([[productId, 3]]);

      await send(orderEnded(first, orderId));
      expect(await released(orderId)).toMatchObject({ source: 'catalog-service', data: { orderId } });
      expect(await stockOf(productId)).toEqual({ available: 5, reserved: 0, sold: 0 });

      await sendHandled(orderEnded(second, orderId));
      expect(await stockOf(productId)).toEqual({ available: 5, reserved: 0, sold: 0 });
      expect((await reservation(orderId)).state).toBe('released');
      expect(eventsFor(orderId, 'stock.released')).toHaveLength(1);
    },
  );

  it('when a reserved order is confirmed (and the confirmation repeated), then reserved turns into sold once', async () => {
    const productId = await stocked(5);
    const orderId = await placeAndReserve([[productId, 2]]);

    await sendHandled(orderProgressed('order.confirmed', orderId), orderProgressed('order.confirmed', orderId));

    expect(await stockOf(productId)).toEqual({ available: 3, reserved: 0, sold: 2 });
    expect((await reservation(orderId)).state).toBe('sold');
  });

  it('when order-service confirms with version 2 of order.confirmed (the lines added), then this consumer written for version 1 sells the stock once, as before', async () => {
    const productId = await stocked(5);
    const orderId = await placeAndReserve([[productId, 2]]);
    const confirmed = orderConfirmed(orderId, [[productId, 2]]);
    expect(confirmed.version).toBe(2);

    await sendHandled(confirmed, confirmed);

    expect(await stockOf(productId)).toEqual({ available: 3, reserved: 0, sold: 2 });
    expect((await reservation(orderId)).state).toBe('sold');
  });

  it('when a confirmed order is cancelled before shipping, then the sold stock returns to the shelf once', async () => {
    const productId = await stocked(5);
    const orderId = await placeAndSell([[productId, 2]]);

    await send(orderEnded('order.cancelled', orderId));
    await released(orderId);
    await sendHandled(orderEnded('order.cancelled', orderId));

    expect(await stockOf(productId)).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect(eventsFor(orderId, 'stock.released')).toHaveLength(1);
  });

  it('when a confirmed order ships, then the sale is final: the product forgets the order and a cancellation gives nothing back', async () => {
    const productId = await stocked(5);
    const orderId = await placeAndSell([[productId, 2]]);

    await send(orderProgressed('order.shipped', orderId));
    await reservationIs(orderId, 'settled');
    expect((await product(productId)).holds).toEqual({});

    await sendHandled(orderEnded('order.cancelled', orderId));
    expect(await stockOf(productId)).toEqual({ available: 3, reserved: 0, sold: 2 });
  });

  it('when an order is cancelled before its order.placed arrives, then it never holds stock', async () => {
    const productId = await stocked(5);
    const orderId = randomUUID();

    await sendHandled(orderEnded('order.cancelled', orderId));
    await sendHandled(orderPlaced(orderId, [[productId, 2]]));

    expect(await stockOf(productId)).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect((await reservation(orderId)).state).toBe('released');
  });
});
