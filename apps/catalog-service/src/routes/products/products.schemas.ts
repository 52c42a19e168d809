import { Type } from '@sinclair/typebox';
import { PRODUCT_SORTS } from '../../products/product-cursor';

const Text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, description });
export const Slug = Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 64, description: 'a category slug' });

export const MoneySchema = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'integer minor units (cents)' }),
    currency: Type.Literal('EUR'),
  },
  { additionalProperties: false },
);

const Images = Type.Array(Type.String({ format: 'uri', maxLength: 2048 }), { maxItems: 20 });
const Description = Type.String({ maxLength: 5000 });
const Quantity = Type.Integer({ minimum: 0, maximum: 1_000_000 });

export const ProductSchema = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  name: Type.String(),
  description: Type.String(),
  category: Type.String(),
  price: MoneySchema,
  stock: Type.Object({ available: Type.Integer(), reserved: Type.Integer() }),
  images: Type.Array(Type.String()),
  active: Type.Boolean(),
  version: Type.Integer({ description: 'changes with every change of the product; the ETag carries it' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ProductIdParams = Type.Object({ id: Type.String({ maxLength: 64 }) }, { additionalProperties: false });

export const ProductListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, description: 'matched literally, case-insensitively, in name and description' })),
    category: Type.Optional(Slug),
    minPrice: Type.Optional(Type.Integer({ minimum: 0, description: 'minor units' })),
    maxPrice: Type.Optional(Type.Integer({ minimum: 0, description: 'minor units' })),
    inStock: Type.Optional(Type.Boolean({ description: 'true: only products with available stock; false: only those without' })),
    sort: Type.Union(
      PRODUCT_SORTS.map((sort) => Type.Literal(sort)),
      { default: '-createdAt' },
    ),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ maxLength: 1024, description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);

export const ProductPageSchema = Type.Object({
  items: Type.Array(ProductSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const NewProductBody = Type.Object(
  {
    sku: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' }),
    name: Text(200),
    description: Type.Optional(Description),
    category: Slug,
    price: MoneySchema,
    images: Type.Optional(Images),
    stock: Type.Optional(Type.Object({ available: Quantity }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const ProductChangesBody = Type.Object(
  {
    name: Type.Optional(Text(200)),
    description: Type.Optional(Description),
    category: Type.Optional(Slug),
    price: Type.Optional(MoneySchema),
    images: Type.Optional(Images),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const StockBody = Type.Object({ available: Quantity }, { additionalProperties: false });

export const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'the ETag last read; 412 when stale' })) });
export const IfNoneMatchHeaders = Type.Object({ 'if-none-match': Type.Optional(Type.String()) });
