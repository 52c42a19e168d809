import fp from 'fastify-plugin';
import type { CatalogDeps } from '../deps';
import { expireDueReservations } from './expire-reservation';

/** How often the expiry job looks for due reservations: a tenth of the expiry, between 50 ms and 5 s. */
export function expirySweepEveryMs(reservationExpiryMs: number): number {
  return Math.min(5000, Math.max(50, Math.floor(reservationExpiryMs / 10)));
}

/** Releases reservations whose order has not confirmed by their expiry: a job run by one replica at a time. */
export const reservationExpiryPlugin = fp(
  async (app, { deps }: { deps: CatalogDeps }) => {
    app.jobs.add({
      name: 'reservation-expiry',
      schedule: { everyMs: expirySweepEveryMs(deps.reservationExpiryMs) },
      run: () => expireDueReservations(deps, app.log),
    });
  },
  { name: 'reservation-expiry', dependencies: ['shopwire-jobs'] },
);
