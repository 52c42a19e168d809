import type { Types } from 'mongoose';
import type { EventCause } from '@shopwire/contracts';
import { catalogEvent } from '../catalog-events';
import type { ProductRecord } from '../models/product.model';

type Snapshot = Pick<ProductRecord, 'sku' | 'name' | 'price' | 'active' | 'category'> & { _id: Types.ObjectId };

/** product.created / product.updated (version 2): what other services keep of a product (order-service prices orders with it). */
export function productSnapshotEvent(
  type: 'product.created' | 'product.updated',
  product: Snapshot,
  cause: EventCause,
) {
  return catalogEvent(
    type,
    {
      productId: product._id.toHexString(),
      sku: product.sku,
      name: product.name,
      price: { amount: product.price.amount, currency: product.price.currency },
      active: product.active,
      category: product.category,
    },
    cause,
  );
}

export function productArchivedEvent(productId: Types.ObjectId, cause: EventCause) {
  return catalogEvent('product.archived', { productId: productId.toHexString() }, cause);
}
