import type { Money } from '@shopwire/contracts';

export interface ProductInfo {
  productId: string;
  name: string;
  price: Money;
  category?: string;
  active: boolean;
}

export interface Basket {
  orderId: string;
  userId: string;
  productIds: string[];
  /** ms since the epoch */
  at: number;
}

export interface Scored {
  productId: string;
  score: number;
}
