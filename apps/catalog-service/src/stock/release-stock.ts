import type { EventCause } from '@shopwire/contracts';
import { catalogEvent } from '../catalog-events';
import type { CatalogDeps } from '../deps';
import type { ReservationRecord, ReservationState } from '../models/reservation.model';
import { findReservation, moveReservation, recordReservation, ReservationBusyError } from './reservation-record';
import { moveLines } from './reservation-lines';

const BUSY: ReservationState[] = ['reserving', 'rejecting', 'selling'];

/**
 * order.rejected / order.cancelled: whatever the order holds goes back on the shelf, once: reserved stock
 * returns to available, and so does sold stock of a confirmed order cancelled before shipping. stock.released
 * says it happened. An order cancelled before its order.placed arrived is remembered, so it never holds stock.
 */
export function releaseStockOfOrder(
  catalog: CatalogDeps,
  orderId: string,
  cause: EventCause,
): Promise<ReservationRecord> {
  return catalog.store.exclusive(catalog.Reservation, orderId, () => release(catalog, orderId, cause));
}

async function release(catalog: CatalogDeps, orderId: string, cause: EventCause): Promise<ReservationRecord> {
  // Released before it was ever reserved: a late order.placed then gives back whatever it took.
  let reservation =
    (await findReservation(catalog, orderId)) ?? (await recordReservation(catalog, orderId, 'released', []));
  if (BUSY.includes(reservation.state)) throw new ReservationBusyError(orderId, reservation.state);
  if (reservation.state === 'reserved' || reservation.state === 'sold') {
    reservation = await moveReservation(catalog, orderId, ['reserved', 'sold'], 'releasing');
  }
  return finishRelease(catalog, reservation, cause);
}

/** A reservation moved to `releasing`: its lines go back on the shelf and stock.released says so (resumable). */
export async function finishRelease(
  catalog: CatalogDeps,
  reservation: ReservationRecord,
  cause: EventCause,
): Promise<ReservationRecord> {
  const orderId = reservation._id;
  if (reservation.state !== 'releasing') return reservation;
  const lines = await moveLines(catalog, reservation, {
    held: ['release', 'released'],
    sold: ['giveBack', 'released'],
  });
  const released = catalogEvent('stock.released', { orderId }, cause);
  return moveReservation(catalog, orderId, 'releasing', 'released', { lines, event: released });
}
