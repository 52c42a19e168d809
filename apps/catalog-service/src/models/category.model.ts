import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';

export interface CategoryRecord {
  /** The slug: unique by being the id. */
  _id: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

export type CategoryModel = Model<CategoryRecord>;

const categorySchema = new Schema<CategoryRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
  },
  { collection: 'categories', timestamps: true, versionKey: false, autoIndex: false, autoCreate: false },
);

export function categoryModel(connection: Connection): CategoryModel {
  return modelOn(connection, 'Category', categorySchema);
}
