import { Schema } from 'mongoose';

/** Integer minor units plus an ISO-4217 currency (SPEC section 3). */
export interface Money {
  amount: number;
  currency: string;
}

export const moneySchema = new Schema<Money>(
  {
    amount: { type: Number, required: true },
    currency: { type: String, required: true },
  },
  { _id: false },
);
