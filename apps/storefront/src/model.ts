import type { Money } from './api';

export interface Product {
  id: string;
  sku: string;
  name: string;
  description?: string;
  category: string;
  price: Money;
  stock: { available: number; reserved: number };
  images?: string[];
  active: boolean;
  version: number;
}
export interface Category {
  slug: string;
  name: string;
}
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}
/** A saved or shipping address: PostalAddressSchema of libs/contracts (not importable here: that lib is Node code). */
export interface Address {
  id?: string;
  label?: string;
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}
export type OrderStatus = 'pending' | 'confirmed' | 'rejected' | 'cancelled' | 'shipped' | 'delivered';
export interface Order {
  id: string;
  userId?: string;
  status: OrderStatus;
  items: Array<{ productId: string; name?: string; quantity: number; unitPrice?: Money; price?: Money }>;
  total: Money;
  createdAt: string;
  reason?: string;
  shippingAddress?: Address;
  history?: Array<{ status: OrderStatus; at: string; reason?: string }>;
}
export interface InboxItem {
  id: string;
  seq: number;
  type: string;
  title: string;
  body: string;
  order?: { orderId: string; status: string; reason?: string };
  read: boolean;
  createdAt: string;
}

const REASONS: Record<string, string> = {
  payment_declined: 'the card was declined',
  out_of_stock: 'an item is out of stock',
  timeout: 'it was not confirmed in time',
};
export function reasonText(reason?: string): string {
  return reason ? (REASONS[reason] ?? reason.replace(/_/g, ' ')) : '';
}
