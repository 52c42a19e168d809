import { Types } from 'mongoose';
import { isObjectId, notFound, objectIdOr } from '@shopwire/service-kit';

export const isProductId = isObjectId;

/** A product id from a URL; anything that cannot be one is simply a product that does not exist. */
export function productIdOrNotFound(id: string): Types.ObjectId {
  return objectIdOr(id, () => productNotFound(id));
}

export const productNotFound = (id: string) => notFound('PRODUCT_NOT_FOUND', `No product ${id}.`);
