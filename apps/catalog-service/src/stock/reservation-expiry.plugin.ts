import fp from 'fastify-plugin';
import { expireDueReservations } from './expire-reservation';

/** How often the expiry job looks for due reservations: a tenth of the expiry, between 50 ms and 5 s. */
export function expirySweepEveryMs(reservationExpiryMs: number): number {
  return Math.min(5000, Math.max(50, Math.floor(reservationExpiryMs / 10)));
}

/** Releases reservations whose order has not confirmed by their expiry, in the background. */
export const reservationExpiryPlugin = fp(
  async (app) => {
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      timer = setInterval(() => {
        expireDueReservations(app.catalog, app.log).catch((err: Error) => app.log.warn({ err: { message: err.message } }, 'reservation expiry sweep failed'));
      }, expirySweepEveryMs(app.catalog.reservationExpiryMs));
    });
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'reservation-expiry', dependencies: ['catalog-store'] },
);
