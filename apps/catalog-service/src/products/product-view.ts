import type { Money, ProductRecord } from '../models/product.model';

/** A product as clients see it (SPEC section 5); holds and the sold count stay inside the service. */
export interface ProductView {
  id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  price: Money;
  stock: { available: number; reserved: number };
  images: string[];
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function toProductView(product: ProductRecord): ProductView {
  return {
    id: product._id.toHexString(),
    sku: product.sku,
    name: product.name,
    description: product.description,
    category: product.category,
    price: { amount: product.price.amount, currency: product.price.currency },
    stock: { available: product.stock.available, reserved: product.stock.reserved },
    images: product.images,
    active: product.active,
    version: product.version,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}
