import { Int32, MoneyView, ObjectIdString, OptionalDefaults } from '@shopwire/service-kit';
import { Type } from '@sinclair/typebox';

export const bearer = [{ bearerAuth: [] }];
export const MAX_LIMIT = 100;

export const LimitQuerySchema = OptionalDefaults(
  Type.Object(
    { limit: Int32(1, MAX_LIMIT, { default: 10, description: 'how many products at most (1–100, default 10)' }) },
    { additionalProperties: false },
  ),
);

export const ProductParamsSchema = Type.Object(
  {
    id: Type.Unsafe<string>({
      ...ObjectIdString,
      description: 'a product id as catalog-service issues it (24 hex digits)',
    }),
  },
  { additionalProperties: false },
);

export const RecommendationsSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          productId: Type.String({ maxLength: 128 }),
          name: Type.String({ maxLength: 200 }),
          price: MoneyView,
          score: Type.Number({ minimum: 0, description: 'how strongly this product is recommended; higher first' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: MAX_LIMIT },
    ),
  },
  { additionalProperties: false },
);
