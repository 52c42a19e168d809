import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { workOffDue } from '@shopwire/service-kit';
import type { CatalogDeps } from '../deps';
import type { ReservationRecord } from '../models/reservation.model';
import { findReservation, moveReservation } from './reservation-record';
import { finishRelease } from './release-stock';

export type ReservationExpiry = 'released' | 'settled' | 'busy';

/**
 * A reservation whose order has not confirmed by its expiry goes back on the shelf by itself (stock.released), so
 * stock is never held for an order that will not answer. Only from `reserved`: once sold (order.confirmed came
 * first) it is the order's, and order.rejected / order.cancelled arriving later find it released and change nothing.
 */
export function expireReservation(catalog: CatalogDeps, orderId: string): Promise<ReservationExpiry> {
  return catalog.store.exclusive(catalog.Reservation, orderId, async () => {
    let reservation: ReservationRecord | null = await findReservation(catalog, orderId);
    if (!reservation) return 'settled';
    if (reservation.state === 'reserving' || reservation.state === 'selling') return 'busy';
    if (reservation.state === 'reserved')
      reservation = await moveReservation(catalog, orderId, 'reserved', 'releasing');
    if (reservation.state !== 'releasing') return 'settled';
    await finishRelease(catalog, reservation, { correlationId: randomUUID(), causationId: null });
    return 'released';
  });
}

const RETRY_AFTER_MS = 10000;

/** The expiry job: up to `batch` due reservations, oldest first; each is read and moved by `_id`. */
export function expireDueReservations(
  catalog: CatalogDeps,
  log: FastifyBaseLogger,
  batch = 100,
): Promise<Record<string, number>> {
  return workOffDue(
    catalog.expiries,
    async (orderId) => {
      const outcome = await expireReservation(catalog, orderId);
      if (outcome === 'released') log.info({ orderId }, 'reservation expired: stock released');
      // Another delivery is moving it right now: look again a little later.
      return outcome === 'busy' ? 'later' : outcome;
    },
    {
      batch,
      retryAfterMs: RETRY_AFTER_MS,
      onError: (orderId, err) =>
        log.warn({ orderId, err: { message: err.message } }, 'reservation expiry not settled; retrying later'),
    },
  );
}
