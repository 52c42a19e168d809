import type { EventCause } from '../catalog-events';
import { catalogEvent } from '../catalog-events';
import type { CatalogStore } from '../models/catalog';
import type { ReservationRecord } from '../models/reservation.model';
import { loadReservation, moveReservation, openReservation } from './reservation-record';
import { holdPendingLines, moveLines } from './reservation-lines';
import type { OrderLine } from './stock-holds';

export interface PlacedOrder {
  orderId: string;
  items: readonly OrderLine[];
}

export const OUT_OF_STOCK = 'out_of_stock';

/**
 * order.placed: hold stock for every line of the order or for none, then say which (stock.reserved or
 * stock.rejected naming the unavailable products). Every step is recorded on the reservation, so a delivery
 * after a crash resumes where the last one stopped, and a repeated delivery finds the work done.
 */
export function reserveStockForOrder(catalog: CatalogStore, order: PlacedOrder, cause: EventCause): Promise<ReservationRecord> {
  return catalog.withReservation(order.orderId, () => reserve(catalog, order, cause));
}

async function reserve(catalog: CatalogStore, order: PlacedOrder, cause: EventCause): Promise<ReservationRecord> {
  let reservation = await openReservation(catalog.Reservation, order.orderId, order.items);
  if (reservation.state === 'reserving') {
    await holdPendingLines(catalog, reservation);
    reservation = await decide(catalog, order, cause);
  }
  if (reservation.state === 'rejecting') reservation = await rollBack(catalog, reservation, cause);
  return reservation;
}

/** Every line held: reserved. Any line unavailable: the held ones must go back first. */
async function decide(catalog: CatalogStore, order: PlacedOrder, cause: EventCause): Promise<ReservationRecord> {
  const reservation = await loadReservation(catalog.Reservation, order.orderId);
  if (reservation.lines.some((line) => line.state === 'unavailable')) {
    return moveReservation(catalog.Reservation, order.orderId, 'reserving', 'rejecting');
  }
  const items = order.items.map(({ productId, quantity }) => ({ productId, quantity }));
  const reserved = catalogEvent('stock.reserved', { orderId: order.orderId, items }, cause);
  return moveReservation(catalog.Reservation, order.orderId, 'reserving', 'reserved', reserved);
}

async function rollBack(catalog: CatalogStore, reservation: ReservationRecord, cause: EventCause): Promise<ReservationRecord> {
  await moveLines(catalog, reservation, 'held', 'release', 'released');
  // An unavailable line holds nothing, unless a racing duplicate delivery held it after all: give that back too.
  await moveLines(catalog, reservation, 'unavailable', 'release', 'unavailable');
  const unavailable = reservation.lines.filter((line) => line.state === 'unavailable').map((line) => line.productId);
  const rejected = catalogEvent('stock.rejected', { orderId: reservation._id, reason: OUT_OF_STOCK, unavailable }, cause);
  return moveReservation(catalog.Reservation, reservation._id, 'rejecting', 'rejected', rejected);
}
