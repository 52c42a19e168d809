import type { TSchema } from '@sinclair/typebox';
import { ProblemSchema } from './openapi-schemas';

/** An error status as an operation documents it: an RFC 9457 problem (application/problem+json). */
export interface ProblemResponse {
  description: string;
  content: { 'application/problem+json': { schema: TSchema } };
}

// What each status means wherever it is answered; a route names its own causes where they say more.
const USUAL_CAUSES: Record<number, string> = {
  400: 'The request breaks the schema of this operation (VALIDATION_FAILED, the field problems listed) or its body is not JSON (MALFORMED_JSON)',
  401: 'No valid access token (AUTHENTICATION_REQUIRED, INVALID_TOKEN)',
  403: 'The access token lacks the admin role (FORBIDDEN)',
  404: 'No such resource, or not the caller’s',
  409: 'The request conflicts with the current state of the resource',
  412: 'If-Match names a version that is no longer current (VERSION_MISMATCH)',
  413: 'The body is over the size limit (PAYLOAD_TOO_LARGE)',
  415: 'The body is not application/json (UNSUPPORTED_MEDIA_TYPE)',
  422: 'The request refers to something that does not exist',
  429: 'Too many requests; Retry-After says when to try again',
  500: 'An unexpected failure (INTERNAL_ERROR); the problem says no more',
  503: 'Unavailable for now, try again shortly: the store cannot be reached (STORE_UNAVAILABLE)',
};

/** The 400 of a paged listing: a query against the schema, or a cursor the listing never handed out. */
export const INVALID_PAGE_QUERY = {
  400: 'The query breaks the schema (VALIDATION_FAILED, the field problems listed) or names a cursor this listing did not hand out (INVALID_CURSOR)',
};

export const problemResponse = (description: string): ProblemResponse => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/**
 * The error statuses of an operation, for its `response` schema: a number takes the usual description of its status,
 * an object names the causes (and codes) of its statuses, e.g. `problemResponses(403, { 404: 'No order (ORDER_NOT_FOUND)' })`.
 */
export function problemResponses(...statuses: Array<number | Record<number, string>>): Record<number, ProblemResponse> {
  const described = statuses.flatMap((entry) =>
    typeof entry === 'number'
      ? [[entry, USUAL_CAUSES[entry] ?? 'An error'] as const]
      : Object.entries(entry).map(([status, cause]) => [Number(status), cause] as const),
  );
  return Object.fromEntries(described.map(([status, description]) => [status, problemResponse(description)]));
}

interface DocumentedSchema {
  body?: unknown;
  querystring?: unknown;
  params?: unknown;
  headers?: unknown;
  security?: readonly unknown[];
  response?: unknown;
}

/**
 * What every route of a service can answer by the way the kit serves it, added to the statuses a route documents
 * itself (its own entry wins): 400 where it validates input, 401 where it needs a token, 413 and 415 where it takes a
 * body, and the 500 and 503 any request can end in.
 */
export function withServiceProblems<S extends DocumentedSchema>(schema: S): S {
  const takesBody = schema.body !== undefined;
  const validatesInput =
    takesBody || [schema.querystring, schema.params, schema.headers].some((part) => part !== undefined);
  const needsToken = (schema.security?.length ?? 0) > 0;
  const unavailable = needsToken
    ? { 503: `${USUAL_CAUSES[503]}, or access tokens cannot be verified (AUTH_UNAVAILABLE)` }
    : 503;
  const statuses = [
    ...(validatesInput ? [400] : []),
    ...(needsToken ? [401] : []),
    ...(takesBody ? [413, 415] : []),
    500,
    unavailable,
  ];
  return { ...schema, response: { ...problemResponses(...statuses), ...(schema.response as object | undefined) } };
}

type DocumentPart = Record<string, unknown>;
const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

/**
 * A service's document with one Problem schema in its components and every problem response referring to it, rather
 * than a copy in each (the gateway's merged document shares it the same way).
 */
export function withSharedProblem<D extends DocumentPart>(document: D): D {
  const paths = Object.fromEntries(
    Object.entries((document.paths ?? {}) as Record<string, DocumentPart>).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) => {
          const responses = (operation as { responses?: Record<string, ProblemResponse | DocumentPart> }).responses;
          if (!responses) return [method, operation];
          const referring = Object.fromEntries(
            Object.entries(responses).map(([status, response]) => {
              const content = (response as Partial<ProblemResponse>).content;
              return [
                status,
                content?.['application/problem+json']
                  ? { ...response, content: { ...content, 'application/problem+json': { schema: PROBLEM_REF } } }
                  : response,
              ];
            }),
          );
          return [method, { ...(operation as DocumentPart), responses: referring }];
        }),
      ),
    ]),
  );
  const components = (document.components ?? {}) as DocumentPart;
  return {
    ...document,
    paths,
    components: {
      ...components,
      schemas: { ...(components.schemas as DocumentPart | undefined), Problem: ProblemSchema },
    },
  };
}
