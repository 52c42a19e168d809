export { CoPurchaseModel } from './co-purchase-model';
export type { Basket, ProductInfo, Scored } from './types';
