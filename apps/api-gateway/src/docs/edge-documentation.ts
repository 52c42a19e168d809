import { Int32, ProblemSchema } from '@shopwire/service-kit';
import { isPublicRoute, type PublicRoute } from '../upstreams';
import type { OpenApiDocument } from './merge-openapi';

/** The bounds of the rate-limit headers: the largest budget per window and the window, in seconds. */
export interface EdgeLimits {
  maxPerWindow: number;
  maxWindowSeconds: number;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const RATE_LIMIT_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];
const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });
type ResponseObject = { headers?: Record<string, unknown>; [field: string]: unknown };
const problem = (description: string): ResponseObject => ({
  description,
  content: { 'application/problem+json': { schema: ref('schemas', 'Problem') } },
});
const UPSTREAM_UNAVAILABLE = 'The service behind this route cannot be reached (UPSTREAM_UNAVAILABLE)';
// A service's own 503 (its store, say) keeps its description; the gateway's cause is added to it.
const unavailable = (own: ResponseObject | undefined): ResponseObject =>
  own
    ? { ...own, description: `${String(own.description)}. Or: ${UPSTREAM_UNAVAILABLE}` }
    : problem(UPSTREAM_UNAVAILABLE);
const withRetryAfter = (response: ResponseObject): ResponseObject => ({
  ...response,
  headers: { ...response.headers, 'Retry-After': ref('headers', 'Retry-After') },
});

function headerComponents(limits: EdgeLimits): Record<string, unknown> {
  return {
    'X-RateLimit-Limit': {
      description: 'Requests this client may make in the current window.',
      schema: Int32(1, limits.maxPerWindow),
    },
    'X-RateLimit-Remaining': {
      description: 'Requests left in the current window.',
      schema: Int32(0, limits.maxPerWindow),
    },
    'X-RateLimit-Reset': {
      description: 'Seconds until the window starts over.',
      schema: Int32(0, limits.maxWindowSeconds),
    },
    // User-service's login throttle can ask for up to a day (LOGIN_THROTTLE_WINDOW_SECONDS), more than a window.
    'Retry-After': {
      description: 'Seconds to wait before trying again.',
      schema: Int32(0, Math.max(limits.maxWindowSeconds, 86_400)),
    },
    'Access-Control-Allow-Origin': {
      description: 'Only on requests from a browser origin listed in CORS_ORIGINS (none by default): that origin.',
      schema: { type: 'string', format: 'uri', maxLength: 2048 },
    },
  };
}

/**
 * Writes into the merged document what the gateway does in front of every operation it routes: a rate limit per user
 * or per client address (headers on every answer, 429 past it), the access-token check at the edge (401; on public
 * routes a token is optional but must be valid), the body limit (413), the problem+json 500 any failure ends in, and
 * the answers for a service that is down, failing or too slow (503, 502, 504). The services cannot document this
 * themselves: it happens before their routes are reached, or instead of them.
 */
export function documentEdge(
  document: OpenApiDocument,
  publicRoutes: PublicRoute[],
  limits: EdgeLimits,
): OpenApiDocument {
  const edgeHeaders = Object.fromEntries(
    [...RATE_LIMIT_HEADERS, 'Access-Control-Allow-Origin'].map((name) => [name, ref('headers', name)]),
  );
  const paths: NonNullable<OpenApiDocument['paths']> = {};
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    paths[path] = Object.fromEntries(
      Object.entries(item).map(([method, operation]) => {
        if (!METHODS.includes(method) || typeof operation !== 'object' || operation === null)
          return [method, operation];
        const isPublic = isPublicRoute(publicRoutes, method.toUpperCase(), path);
        const op = operation as {
          responses?: Record<string, ResponseObject>;
          security?: unknown;
          requestBody?: unknown;
        };
        const responses: Record<string, ResponseObject> = {
          ...op.responses,
          401:
            op.responses?.[401] ??
            problem(
              isPublic
                ? 'Credentials that are not valid: an access token (optional here) that fails verification, or those the operation checks'
                : 'No valid access token',
            ),
          ...(op.requestBody
            ? { 413: op.responses?.[413] ?? problem('The body is over the gateway’s size limit (PAYLOAD_TOO_LARGE)') }
            : {}),
          429: withRetryAfter(
            op.responses?.[429] ??
              problem(
                'Over the rate limit of this client (per user, else per address; login and register have a stricter one)',
              ),
          ),
          500: op.responses?.[500] ?? problem('An unexpected failure; the problem says no more'),
          502: op.responses?.[502] ?? problem('The service behind this route failed to answer properly (BAD_GATEWAY)'),
          503: unavailable(op.responses?.[503]),
          504:
            op.responses?.[504] ?? problem('The service behind this route did not answer in time (UPSTREAM_TIMEOUT)'),
        };
        for (const [status, response] of Object.entries(responses))
          responses[status] = { ...response, headers: { ...edgeHeaders, ...response.headers } };
        // Public routes take a token optionally (it selects the per-user budget); the rest cannot be reached without one.
        const security = isPublic ? [{}, { bearerAuth: [] }] : (op.security ?? [{ bearerAuth: [] }]);
        return [method, { ...op, security, responses }];
      }),
    );
  }
  const components = document.components ?? {};
  return {
    ...document,
    paths,
    components: {
      ...components,
      schemas: { ...components.schemas, Problem: ProblemSchema },
      headers: { ...components.headers, ...headerComponents(limits) },
    },
  };
}
