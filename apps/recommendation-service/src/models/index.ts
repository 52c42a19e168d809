import type { Connection } from 'mongoose';
import type { AggregateStore } from '@shopwire/service-kit';
import { deletedUserModel, type DeletedUserModel } from './deleted-user.model';
import { productModel, type ProductModel } from './product.model';
import { purchaseModel, type PurchaseModel } from './purchase.model';

export interface Models {
  purchases: PurchaseModel;
  products: ProductModel;
  deletedUsers: DeletedUserModel;
}

/** The collections, and the store through which every event's read and write goes by `_id`. */
export interface StoreDeps {
  store: AggregateStore;
  models: Models;
}

export function modelsOn(connection: Connection): Models {
  return {
    purchases: purchaseModel(connection),
    products: productModel(connection),
    deletedUsers: deletedUserModel(connection),
  };
}
