import type { Money } from '@shopwire/contracts';
import { Schema } from 'mongoose';

export const moneySchema = new Schema<Money>(
  {
    amount: { type: Number, required: true },
    currency: { type: String, required: true },
  },
  { _id: false },
);
