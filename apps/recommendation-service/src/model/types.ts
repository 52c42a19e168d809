export interface ProductInfo {
  productId: string;
  name: string;
  price: { amount: number; currency: string };
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
