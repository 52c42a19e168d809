import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { request } from 'undici';
import { BEARER_AUTH_SCHEME, OPENAPI_PATH } from '@shopwire/service-kit';
import { documentEdge, type EdgeLimits } from '../docs/edge-documentation';
import { mergeOpenApi, type OpenApiDocument, type ServiceDocument } from '../docs/merge-openapi';
import type { Upstream } from '../upstreams';

const FETCH_TIMEOUT_MS = 2000;
const FRESH_MS = 60_000;
// A service that had no document is asked again soon: it may just be starting.
const FRESH_WHEN_INCOMPLETE_MS = 5_000;

async function fetchDocument(upstream: Upstream): Promise<OpenApiDocument | undefined> {
  try {
    const res = await request(`${upstream.url}${OPENAPI_PATH}`, {
      headersTimeout: FETCH_TIMEOUT_MS,
      bodyTimeout: FETCH_TIMEOUT_MS,
    });
    if (res.statusCode !== 200) {
      await res.body.dump();
      return undefined;
    }
    return (await res.body.json()) as OpenApiDocument;
  } catch {
    return undefined;
  }
}

/** The merged OpenAPI of every service at /docs/json (fetched from each, cached) and Swagger UI at /docs. */
export const docsPlugin = fp(
  async (app, opts: { upstreams: Upstream[]; limits: EdgeLimits }) => {
    const publicRoutes = opts.upstreams.flatMap((upstream) => upstream.publicRoutes);
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Shopwire API',
          version: '1.0.0',
          description:
            'Every service behind the gateway. Errors are application/problem+json; protected operations need `Authorization: Bearer <access token>` from POST /api/v1/auth/login.',
        },
        components: { securitySchemes: { bearerAuth: BEARER_AUTH_SCHEME } },
      },
      // The proxy's catch-all routes say nothing useful; the services document what is behind them.
      transform: ({ schema, url }) => ({
        schema: { ...schema, hide: url.startsWith('/api/') || url.startsWith('/.well-known/') || schema?.hide },
        url,
      }),
    });

    let merged: { document: OpenApiDocument; until: number } | undefined;
    let pending: Promise<void> | undefined;
    const refresh = async (): Promise<void> => {
      const services: ServiceDocument[] = await Promise.all(
        opts.upstreams.map(async (upstream) => ({
          service: upstream.name,
          prefixes: upstream.prefixes,
          document: await fetchDocument(upstream),
        })),
      );
      const complete = services.every((s) => s.document);
      const document = documentEdge(
        mergeOpenApi(app.swagger() as unknown as OpenApiDocument, services),
        publicRoutes,
        opts.limits,
      );
      merged = { document, until: Date.now() + (complete ? FRESH_MS : FRESH_WHEN_INCOMPLETE_MS) };
    };

    await app.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      uiHooks: {
        onRequest: async () => {
          if (merged && merged.until > Date.now()) return;
          pending ??= refresh().finally(() => (pending = undefined));
          await pending;
        },
      },
      transformSpecification: (document) => merged?.document ?? document,
    });
  },
  { name: 'gateway-docs' },
);
