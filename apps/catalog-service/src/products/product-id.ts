import { Types } from 'mongoose';
import { notFound } from '@shopwire/service-kit';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

export function isProductId(id: string): boolean {
  return OBJECT_ID.test(id);
}

/** A product id from a URL; anything that cannot be one is simply a product that does not exist. */
export function productIdOrNotFound(id: string): Types.ObjectId {
  if (!isProductId(id)) throw productNotFound(id);
  return new Types.ObjectId(id);
}

export const productNotFound = (id: string) => notFound('PRODUCT_NOT_FOUND', `No product ${id}.`);
