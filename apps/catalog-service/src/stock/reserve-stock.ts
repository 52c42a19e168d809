import type { EventCause } from '@shopwire/contracts';
import { catalogEvent } from '../catalog-events';
import type { CatalogDeps } from '../deps';
import type { ReservationRecord } from '../models/reservation.model';
import { findReservation, mergeLines, moveReservation, recordReservation } from './reservation-record';
import { holdLines, moveLines, releaseHolds } from './reservation-lines';
import type { OrderLine } from './stock-holds';

export interface PlacedOrder {
  orderId: string;
  items: readonly OrderLine[];
}

export const OUT_OF_STOCK = 'out_of_stock';

/**
 * order.placed: hold stock for every line of the order or for none, then say which (stock.reserved or
 * stock.rejected naming the unavailable products). The holds on the products come first and the reservation
 * records the outcome in one insert, so a delivery after a crash finds its holds and takes nothing twice, and a
 * repeated delivery finds the work done. One order is handled at a time in this process.
 */
export function reserveStockForOrder(
  catalog: CatalogDeps,
  order: PlacedOrder,
  cause: EventCause,
): Promise<ReservationRecord> {
  return catalog.store.exclusive(catalog.Reservation, order.orderId, () => reserve(catalog, order, cause));
}

async function reserve(catalog: CatalogDeps, order: PlacedOrder, cause: EventCause): Promise<ReservationRecord> {
  const lines = mergeLines(order.items);
  let reservation = await findReservation(catalog, order.orderId);
  if (!reservation || reservation.state === 'reserving')
    reservation = await decide(catalog, order, lines, reservation, cause);
  if (reservation.state === 'rejecting') return rollBack(catalog, reservation, cause);
  // Released (cancelled first) or rejected by another delivery: whatever this order holds was taken by a
  // delivery that came too late (or crashed before it could record), and goes back.
  if (reservation.state === 'released' || reservation.state === 'rejected')
    await releaseHolds(catalog, order.orderId, lines);
  return reservation;
}

/** Every line held: reserved, with stock.reserved. Any line unavailable: rejecting, and the held ones go back. */
async function decide(
  catalog: CatalogDeps,
  order: PlacedOrder,
  lines: OrderLine[],
  earlier: ReservationRecord | null,
  cause: EventCause,
): Promise<ReservationRecord> {
  // A reservation still `reserving` was left by an earlier version of this service, which recorded it first.
  const held = await holdLines(catalog, order.orderId, earlier?.lines ?? lines);
  const allHeld = held.every((line) => line.state === 'held');
  const state = allHeld ? 'reserved' : 'rejecting';
  const items = order.items.map(({ productId, quantity }) => ({ productId, quantity }));
  const event = allHeld ? catalogEvent('stock.reserved', { orderId: order.orderId, items }, cause) : undefined;
  // The expiry before the reservation: a crash between them leaves an expiry that finds nothing to release.
  if (allHeld) await catalog.expiries.add(order.orderId, new Date(Date.now() + catalog.reservationExpiryMs));
  if (earlier) return moveReservation(catalog, order.orderId, 'reserving', state, { lines: held, event });
  return recordReservation(catalog, order.orderId, state, held, event);
}

async function rollBack(
  catalog: CatalogDeps,
  reservation: ReservationRecord,
  cause: EventCause,
): Promise<ReservationRecord> {
  // An unavailable line holds nothing, unless a racing duplicate delivery held it after all: give that back too.
  const lines = await moveLines(catalog, reservation, {
    held: ['release', 'released'],
    unavailable: ['release', 'unavailable'],
  });
  const unavailable = lines.filter((line) => line.state === 'unavailable').map((line) => line.productId);
  const rejected = catalogEvent(
    'stock.rejected',
    { orderId: reservation._id, reason: OUT_OF_STOCK, unavailable },
    cause,
  );
  return moveReservation(catalog, reservation._id, 'rejecting', 'rejected', { lines, event: rejected });
}
