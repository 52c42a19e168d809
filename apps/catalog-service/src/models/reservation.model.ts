import { withOutbox } from '@shopwire/messaging';
import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';

/**
 * (recorded as) reserved → selling → sold → settling → settled;  rejecting → rejected
 * reserved | sold → releasing → released;  released (cancelled before order.placed arrived)
 * The -ing states are resumed by the next delivery of the event that started them. `reserving` is only found in
 * reservations recorded by earlier versions, which wrote the reservation before holding its stock.
 */
export type ReservationState =
  | 'reserving'
  | 'reserved'
  | 'rejecting'
  | 'rejected'
  | 'selling'
  | 'sold'
  | 'settling'
  | 'settled'
  | 'releasing'
  | 'released';

export type LineState = 'pending' | 'held' | 'unavailable' | 'sold' | 'released' | 'settled';

export interface ReservationLine {
  productId: string;
  quantity: number;
  state: LineState;
}

export interface ReservationRecord {
  /** The order id: one reservation per order. */
  _id: string;
  state: ReservationState;
  lines: ReservationLine[];
  createdAt: Date;
  updatedAt: Date;
  /** Events waiting for the relay (withOutbox). */
  outbox?: object[];
}

export type ReservationModel = Model<ReservationRecord>;

const reservationSchema = new Schema<ReservationRecord>(
  {
    _id: { type: String, required: true },
    state: { type: String, required: true },
    lines: [
      {
        _id: false,
        productId: { type: String, required: true },
        quantity: { type: Number, required: true },
        state: { type: String, required: true },
      },
    ],
  },
  { collection: 'reservations', timestamps: true, versionKey: false, autoIndex: false, autoCreate: false },
);

// Events caused by a change are written in the same update as the change.
reservationSchema.plugin(withOutbox);

export { reservationSchema };

export function reservationModel(connection: Connection): ReservationModel {
  return modelOn(connection, 'Reservation', reservationSchema);
}
