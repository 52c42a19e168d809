import type { Money } from '@shopwire/contracts';

export interface ChargeRequest {
  /** The same key always means the same charge: a repeated call never charges twice. */
  idempotencyKey: string;
  amount: Money;
  token: string;
  /** What the charge is for (the order id), kept by the provider with it. */
  reference: string;
}

export type ChargeResult =
  { outcome: 'approved'; chargeId: string; at: Date } | { outcome: 'declined'; reason: string };

export interface RefundRequest {
  idempotencyKey: string;
  chargeId: string;
  amount: Money;
}

export interface RefundResult {
  refundId: string;
  at: Date;
}

/** A card payment provider. Declines are answers; a PaymentProviderError means "try again later". */
export interface PaymentProvider {
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<RefundResult>;
}

export class PaymentProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaymentProviderError';
  }
}
