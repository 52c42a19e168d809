import { SingleLineText } from '@shopwire/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { problemResponses } from '@shopwire/service-kit';
import { createCategory } from '../../categories/create-category';
import { listCategories, MAX_LISTED_CATEGORIES } from '../../categories/list-categories';
import type { CatalogDeps } from '../../deps';
import { Slug } from '../products/products.schemas';

const tags = ['categories'];

const CategorySchema = Type.Object(
  { slug: Slug, name: SingleLineText({ minLength: 1, maxLength: 100, notBlank: true }) },
  { additionalProperties: false },
);

export const categoriesRoutes: FastifyPluginAsyncTypebox<{ deps: CatalogDeps }> = async (app, { deps }) => {
  app.get(
    '/api/v1/categories',
    {
      schema: {
        tags,
        summary: 'Every category',
        response: { 200: Type.Object({ items: Type.Array(CategorySchema, { maxItems: MAX_LISTED_CATEGORIES }) }) },
      },
    },
    async () => ({ items: await listCategories(deps) }),
  );

  app.post(
    '/api/v1/categories',
    {
      onRequest: [app.authenticate, app.requireRole('admin')],
      schema: {
        tags,
        summary: 'Add a category',
        security: [{ bearerAuth: [] }],
        body: CategorySchema,
        response: {
          201: CategorySchema,
          ...problemResponses(403, { 409: 'A category with this slug exists (CATEGORY_TAKEN)' }),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await createCategory(deps, request.body)),
  );
};
