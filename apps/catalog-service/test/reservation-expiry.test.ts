import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@shopwire/contracts';
import { publishTestEvent, waitFor, type CollectedEvents } from '@shopwire/testing';
import type { ProductRecord } from '../src/models/product.model';
import type { ReservationRecord } from '../src/models/reservation.model';
import type { CatalogTestApp } from './support/catalog-test-app';
import { orderEnded, orderPlaced, orderProgressed } from './support/order-events';
import { useStockSuite, type StockSuite } from './support/stock-suite';

const EXPIRY_MS = 1500;

describe('a reservation whose order never answers expires by itself (RESERVATION_EXPIRY_MS shortened to 1.5 s)', () => {
  let catalog: CatalogTestApp;
  let api: StockSuite['api'];
  let wire: CollectedEvents;
  let category: string;
  useStockSuite(
    { env: { RESERVATION_EXPIRY_MS: String(EXPIRY_MS) } },
    (suite) => ({ catalog, api, wire, category } = suite),
  );

  const send = (event: EventEnvelope) => publishTestEvent(event, { queue: catalog.queue });
  const stockOf = async (id: string) => (await catalog.deps.Product.findById(id).lean<ProductRecord>())?.stock;
  const stateOf = async (orderId: string) =>
    (await catalog.deps.Reservation.findById(orderId).lean<ReservationRecord>())?.state;
  const expiryOf = (orderId: string) =>
    catalog.app.mongo.db?.collection('reservation_expiries').findOne({ _id: orderId as never });
  const eventsFor = (orderId: string, type: string) =>
    wire.events.filter((e) => e.type === type && (e.data as { orderId: string }).orderId === orderId);
  const reserved = async (productId: string, quantity: number): Promise<string> => {
    const orderId = randomUUID();
    await send(orderPlaced(orderId, [[productId, quantity]]));
    await wire.waitFor((e) => e.type === 'stock.reserved' && (e.data as { orderId: string }).orderId === orderId);
    return orderId;
  };

  it('when order-service never confirms nor rejects, then the stock goes back after the expiry and stock.released says so', async () => {
    const { id: productId } = await api.createProduct({ category, stock: { available: 5 } });
    const orderId = await reserved(productId, 2);
    expect(await stockOf(productId)).toEqual({ available: 3, reserved: 2, sold: 0 });
    const reservedAt = Date.now();

    const released = await wire.waitFor(
      (e) => e.type === 'stock.released' && (e.data as { orderId: string }).orderId === orderId,
      20000,
    );

    expect(Date.now() - reservedAt).toBeGreaterThanOrEqual(EXPIRY_MS - 200);
    expect(released).toMatchObject({ source: 'catalog-service', data: { orderId } });
    expect(await stateOf(orderId)).toBe('released');
    expect(await stockOf(productId)).toEqual({ available: 5, reserved: 0, sold: 0 });
    await waitFor(async () => (await expiryOf(orderId)) === null, {
      timeoutMs: 10000,
      description: 'the expiry to be dropped',
    });
  });

  it('when the order times out later (order.rejected), then the expired reservation changes nothing more', async () => {
    const { id: productId } = await api.createProduct({ category, stock: { available: 4 } });
    const orderId = await reserved(productId, 1);
    await waitFor(async () => (await stateOf(orderId)) === 'released', {
      timeoutMs: 20000,
      description: 'the reservation to expire',
    });

    await send(orderEnded('order.rejected', orderId));
    await waitFor(async () => (await catalog.eventCount('consumed', 'order.rejected')) >= 1, {
      timeoutMs: 20000,
      description: 'order.rejected handled',
    });

    expect(await stockOf(productId)).toEqual({ available: 4, reserved: 0, sold: 0 });
    expect(eventsFor(orderId, 'stock.released')).toHaveLength(1);
  });

  it('when the order is confirmed before the expiry, then the sale stands after the expiry passes', async () => {
    const { id: productId } = await api.createProduct({ category, stock: { available: 3 } });
    const orderId = await reserved(productId, 3);

    await send(orderProgressed('order.confirmed', orderId));
    await waitFor(async () => (await stateOf(orderId)) === 'sold', {
      timeoutMs: 20000,
      description: 'the reservation to be sold',
    });
    await waitFor(async () => (await expiryOf(orderId)) === null, {
      timeoutMs: 20000,
      description: 'the expiry to be dropped',
    });

    expect(await stateOf(orderId)).toBe('sold');
    expect(await stockOf(productId)).toEqual({ available: 0, reserved: 0, sold: 3 });
    expect(eventsFor(orderId, 'stock.released')).toHaveLength(0);
  });
});
