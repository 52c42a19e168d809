import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses } from '@shopwire/service-kit';
import type { WebhookServiceDeps } from '../../deps';
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listEndpoints,
  rotateSecret,
  updateEndpoint,
  viewOf,
} from '../../webhooks/endpoints';
import {
  CreatedEndpointSchema,
  EndpointChangeSchema,
  EndpointInputSchema,
  EndpointPageSchema,
  EndpointSchema,
  IdParamsSchema,
  PageQuerySchema,
  PingSchema,
  SecretSchema,
  adminBearer,
} from './webhooks.schemas';

const NOT_FOUND = { 404: 'No webhook endpoint with this id (WEBHOOK_ENDPOINT_NOT_FOUND)' };
const REFUSED_URL = {
  400: 'The body breaks the schema (VALIDATION_FAILED) or the URL is not https, or resolves to a loopback, private, link-local, unique-local or metadata address (WEBHOOK_URL_REFUSED)',
};

export const endpointsRoutes: FastifyPluginAsyncTypebox<{ deps: WebhookServiceDeps }> = async (app, { deps }) => {
  const admin = [app.authenticate, app.requireRole('admin')];
  const base = { tags: ['webhooks'], security: adminBearer };
  const path = '/api/v1/webhooks/endpoints';

  app.post(
    path,
    {
      onRequest: admin,
      schema: {
        ...base,
        summary: 'Adds an endpoint; the answer is the only one that carries its signing secret',
        body: EndpointInputSchema,
        response: { 201: CreatedEndpointSchema, ...problemResponses(401, 403, REFUSED_URL) },
      },
    },
    async (request, reply) => reply.code(201).send(await createEndpoint(deps, request.body)),
  );

  app.get(
    path,
    {
      onRequest: admin,
      schema: {
        ...base,
        summary: 'Every endpoint, without secrets',
        querystring: PageQuerySchema,
        response: { 200: EndpointPageSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => listEndpoints(deps, request.query.limit, Number(request.query.cursor ?? 0)),
  );

  app.get(
    `${path}/:id`,
    {
      onRequest: admin,
      schema: {
        ...base,
        summary: 'One endpoint',
        params: IdParamsSchema,
        response: { 200: EndpointSchema, ...problemResponses(401, 403, NOT_FOUND) },
      },
    },
    async (request) => viewOf(await getEndpoint(deps, request.params.id)),
  );

  app.patch(
    `${path}/:id`,
    {
      onRequest: admin,
      schema: {
        ...base,
        summary: 'Changes url, event types, description or enabled',
        params: IdParamsSchema,
        body: EndpointChangeSchema,
        response: { 200: EndpointSchema, ...problemResponses(401, 403, REFUSED_URL, NOT_FOUND) },
      },
    },
    async (request) => updateEndpoint(deps, request.params.id, request.body),
  );

  app.delete(
    `${path}/:id`,
    {
      onRequest: admin,
      schema: {
        ...base,
        summary: 'Removes an endpoint; its pending deliveries are cancelled',
        params: IdParamsSchema,
        response: { 204: { type: 'null', description: 'Removed' }, ...problemResponses(401, 403, NOT_FOUND) },
      },
    },
    async (request, reply) => {
      await deleteEndpoint(deps, request.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    `${path}/:id/rotate-secret`,
    {
      onRequest: admin,
      schema: {
        ...base,
        summary: 'A new signing secret; the previous one signs too for WEBHOOK_SECRET_OVERLAP_MS (24 h)',
        params: IdParamsSchema,
        response: { 200: SecretSchema, ...problemResponses(401, 403, NOT_FOUND) },
      },
    },
    async (request) => rotateSecret(deps, request.params.id),
  );

  app.post(
    `${path}/:id/ping`,
    {
      onRequest: admin,
      schema: {
        ...base,
        summary: 'Sends a signed webhook.ping now and tells what the endpoint answered',
        params: IdParamsSchema,
        response: { 200: PingSchema, ...problemResponses(401, 403, NOT_FOUND) },
      },
    },
    async (request) => {
      const result = await deps.dispatcher.ping(await getEndpoint(deps, request.params.id));
      return { ok: result.status !== undefined && result.status >= 200 && result.status < 300, ...result };
    },
  );
};
