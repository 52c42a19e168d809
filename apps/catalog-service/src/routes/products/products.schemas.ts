import { Type } from '@sinclair/typebox';
import { MultiLineText, SingleLineText, WebUrl } from '@shopwire/contracts';
import { Int32, Int64, NextCursor, ObjectIdString, OptionalDefaults, Timestamp } from '@shopwire/service-kit';
import { PRODUCT_SORTS } from '../../products/product-cursor';

// What an admin types: one line without control characters (they would reach emails and exports).
const Text = (maxLength: number, description?: string) =>
  SingleLineText({ minLength: 1, maxLength, description, notBlank: true });
const MAX_PAGE = 100;
const CURSOR_MAX = 1024;
export const Slug = Type.String({
  pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$',
  maxLength: 64,
  description: 'a category slug',
});

export const MoneySchema = Type.Object(
  {
    amount: Int32(0, 100_000_000, { description: 'integer minor units (cents)' }),
    currency: Type.Literal('EUR'),
  },
  { additionalProperties: false },
);

// http(s) only: a `javascript:` or `data:` image URL would run or embed in the storefront.
const Image = WebUrl({ maxLength: 2048 });
const Images = Type.Array(Image, { maxItems: 20 });
const Description = MultiLineText({ maxLength: 5000 });
const Quantity = Int32(0, 1_000_000);
const SKU_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
// Stock moves between available and reserved as orders come and go, so either can pass what one PUT may set.
const StockCount = Int64(0);

export const ProductSchema = Type.Object({
  id: ObjectIdString,
  sku: Type.String({ maxLength: 64, pattern: SKU_PATTERN }),
  name: Type.String({ maxLength: 200 }),
  description: Type.String({ maxLength: 5000 }),
  category: Slug,
  price: MoneySchema,
  stock: Type.Object({ available: StockCount, reserved: StockCount }),
  images: Type.Array(Image, { maxItems: 20 }),
  active: Type.Boolean(),
  version: Int64(0, undefined, { description: 'changes with every change of the product; the ETag carries it' }),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
});

export const ProductIdParams = Type.Object({ id: Type.String({ maxLength: 64 }) }, { additionalProperties: false });

export const ProductListQuery = OptionalDefaults(
  Type.Object(
    {
      q: Type.Optional(
        Type.String({
          maxLength: 100,
          description:
            "search text over name, sku, category name and description: words match with one typo allowed in words of five letters or more, the last word also as the start of a word; text holding other characters than letters, digits, spaces and - ' . , / & (e.g. `.*`, `$where`) is matched literally, case-insensitively",
        }),
      ),
      category: Type.Optional(Slug),
      minPrice: Type.Optional(Int64(0, undefined, { description: 'minor units' })),
      maxPrice: Type.Optional(Int64(0, undefined, { description: 'minor units' })),
      inStock: Type.Optional(
        Type.Boolean({ description: 'true: only products with available stock; false: only those without' }),
      ),
      sort: Type.Optional(
        Type.Union(
          PRODUCT_SORTS.map((sort) => Type.Literal(sort)),
          {
            description:
              'default: relevance when q is given (best match first), -createdAt otherwise; relevance without q is 400 RELEVANCE_NEEDS_QUERY',
          },
        ),
      ),
      limit: Int32(1, MAX_PAGE, { default: 20 }),
      cursor: Type.Optional(
        Type.String({ maxLength: CURSOR_MAX, description: 'nextCursor of the previous page (made for the same sort)' }),
      ),
      facets: Type.Optional(
        Type.Boolean({
          description:
            'true adds total and facets: counts per category and per price band of everything the query and filters match',
        }),
      ),
    },
    { additionalProperties: false },
  ),
);

const Count = Int32(0, 100_000_000);
export const FacetsSchema = Type.Object({
  categories: Type.Array(Type.Object({ slug: Slug, name: Type.String({ maxLength: 200 }), count: Count }), {
    maxItems: 1000,
    description: 'categories with at least one match, most matches first',
  }),
  priceBands: Type.Array(
    Type.Object({
      min: Int32(0, 100_000_000, { description: 'minor units, inclusive' }),
      max: Type.Union([Int32(0, 100_000_000), Type.Null()], {
        description: 'minor units, exclusive; null: no upper bound',
      }),
      count: Count,
    }),
    { maxItems: 20, description: 'every band, in price order; the counts add up to total' },
  ),
});

export const ProductPageSchema = Type.Object({
  items: Type.Array(ProductSchema, { maxItems: MAX_PAGE }),
  nextCursor: NextCursor(CURSOR_MAX),
  total: Type.Optional(Count),
  facets: Type.Optional(FacetsSchema),
});

export const SuggestQuery = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'what the search box holds; the last word may be unfinished',
    }),
  },
  { additionalProperties: false },
);

export const SuggestionsSchema = Type.Object({
  items: Type.Array(Type.Object({ id: ProductSchema.properties.id, name: ProductSchema.properties.name }), {
    maxItems: 8,
    description: 'product names completing the text, best first, each name once',
  }),
});

export const NewProductBody = Type.Object(
  {
    sku: Type.String({ pattern: SKU_PATTERN, maxLength: 64 }),
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

// Room for a list of a hundred entity tags; a client sends back the one it read.
const EntityTags = (description?: string) => Type.String({ maxLength: 1024, description });
export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(EntityTags('the ETag last read; 412 when stale')),
});
export const IfNoneMatchHeaders = Type.Object({ 'if-none-match': Type.Optional(EntityTags()) });
