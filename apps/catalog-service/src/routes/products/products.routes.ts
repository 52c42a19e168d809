import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { problemResponses } from '@shopwire/service-kit';
import { archiveProduct } from '../../products/archive-product';
import { createProduct } from '../../products/create-product';
import { getProduct } from '../../products/get-product';
import { listProductsJson, suggestProducts, type ProductPage } from '../../products/list-products';
import { productIdOrNotFound } from '../../products/product-id';
import { toProductView } from '../../products/product-view';
import { setStock } from '../../products/set-stock';
import { updateProduct } from '../../products/update-product';
import type { CatalogDeps } from '../../deps';
import { causeOf } from '../request-cause';
import { etagOf, ifMatch, isNotModified } from './entity-tag';
import {
  IfMatchHeaders,
  IfNoneMatchHeaders,
  NewProductBody,
  ProductChangesBody,
  ProductIdParams,
  ProductListQuery,
  ProductPageSchema,
  ProductSchema,
  StockBody,
  SuggestionsSchema,
  SuggestQuery,
} from './products.schemas';

const tags = ['products'];
/** A body that is JSON already (a page of the index's ready-made product JSON): Fastify sends a string as it is. */
const preSerialised = <T>(json: string): T => json as unknown as T;
// No body at all: a 304 (like a 204) must not carry one, not even `null`.
const NotModified = Type.Unsafe<undefined>({ type: 'null', description: 'If-None-Match names the current ETag' });
const admin = [{ bearerAuth: [] }];
const NO_PRODUCT = { 404: 'No such product, or an archived one (PRODUCT_NOT_FOUND)' };
const NO_CATEGORY = { 422: 'No such category (CATEGORY_NOT_FOUND)' };
const INDEX_LOADING = {
  503: 'This replica is still loading its search index (SEARCH_INDEX_NOT_READY), or the store cannot be reached (STORE_UNAVAILABLE)',
};
const BAD_LISTING = {
  400: 'The query breaks the schema (VALIDATION_FAILED, the field problems listed), names a cursor this listing did not hand out (INVALID_CURSOR), or asks for sort=relevance without q (RELEVANCE_NEEDS_QUERY)',
};

export const productsRoutes: FastifyPluginAsyncTypebox<{ deps: CatalogDeps }> = async (app, { deps }) => {
  const adminOnly = [app.authenticate, app.requireRole('admin')];

  // Browse, search and suggest answer from this replica's search index: no store command (src/search).
  app.get(
    '/api/v1/products',
    {
      schema: {
        tags,
        summary: 'Browse and search active products',
        querystring: ProductListQuery,
        response: { 200: ProductPageSchema, ...problemResponses(BAD_LISTING, INDEX_LOADING) },
      },
    },
    async (request, reply) =>
      reply
        .type('application/json; charset=utf-8')
        .send(preSerialised<ProductPage>(listProductsJson(deps.search.current(), request.query))),
  );

  app.get(
    '/api/v1/products/suggest',
    {
      schema: {
        tags,
        summary: 'Up to 8 product names completing a search box',
        querystring: SuggestQuery,
        response: { 200: SuggestionsSchema, ...problemResponses(400, INDEX_LOADING) },
      },
    },
    async (request) => suggestProducts(deps.search.current(), request.query.q),
  );

  app.get(
    '/api/v1/products/:id',
    {
      schema: {
        tags,
        summary: 'One active product, with its ETag',
        params: ProductIdParams,
        headers: IfNoneMatchHeaders,
        response: { 200: ProductSchema, 304: NotModified, ...problemResponses(NO_PRODUCT) },
      },
    },
    async (request, reply) => {
      const product = await getProduct(deps, productIdOrNotFound(request.params.id));
      reply.header('etag', etagOf(product.version));
      if (isNotModified(request.headers['if-none-match'], product.version)) return reply.code(304).send();
      return toProductView(product);
    },
  );

  app.post(
    '/api/v1/products',
    {
      onRequest: adminOnly,
      schema: {
        tags,
        summary: 'Add a product',
        security: admin,
        body: NewProductBody,
        response: {
          201: ProductSchema,
          ...problemResponses(403, { 409: 'A product with this sku exists (SKU_TAKEN)' }, NO_CATEGORY),
        },
      },
    },
    async (request, reply) => {
      const product = await createProduct(deps, request.body, causeOf(request));
      const view = toProductView(product);
      return reply
        .code(201)
        .header('location', `/api/v1/products/${view.id}`)
        .header('etag', etagOf(product.version))
        .send(view);
    },
  );

  app.patch(
    '/api/v1/products/:id',
    {
      onRequest: adminOnly,
      schema: {
        tags,
        summary: 'Change some fields of a product',
        security: admin,
        params: ProductIdParams,
        headers: IfMatchHeaders,
        body: ProductChangesBody,
        response: { 200: ProductSchema, ...problemResponses(403, NO_PRODUCT, 412, NO_CATEGORY) },
      },
    },
    async (request, reply) => {
      const id = productIdOrNotFound(request.params.id);
      const product = await updateProduct(
        deps,
        id,
        request.body,
        ifMatch(request.headers['if-match']),
        causeOf(request),
      );
      return reply.header('etag', etagOf(product.version)).send(toProductView(product));
    },
  );

  app.delete(
    '/api/v1/products/:id',
    {
      onRequest: adminOnly,
      schema: {
        tags,
        summary: 'Archive a product: no longer listed or orderable',
        security: admin,
        params: ProductIdParams,
        response: {
          204: Type.Null({ description: 'Archived (or archived already)' }),
          ...problemResponses(403, NO_PRODUCT),
        },
      },
    },
    async (request, reply) => {
      await archiveProduct(deps, productIdOrNotFound(request.params.id), causeOf(request));
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/v1/products/:id/stock',
    {
      onRequest: adminOnly,
      schema: {
        tags,
        summary: 'Set the sellable quantity',
        security: admin,
        params: ProductIdParams,
        body: StockBody,
        response: { 200: ProductSchema, ...problemResponses(403, NO_PRODUCT) },
      },
    },
    async (request, reply) => {
      const product = await setStock(deps, productIdOrNotFound(request.params.id), request.body.available);
      return reply.header('etag', etagOf(product.version)).send(toProductView(product));
    },
  );
};
