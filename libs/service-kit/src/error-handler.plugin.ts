import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldProblem } from './errors';
import { MAX_FIELD_NAME, MAX_FIELD_PROBLEMS } from './openapi-schemas';
import { makeProblem, PROBLEM_CONTENT_TYPE } from './problem';
import { startRequestTrace } from './request-trace';

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function fieldProblem(issue: AjvIssue, context: string | undefined): FieldProblem {
  const base = `${context ?? 'body'}${issue.instancePath}`;
  if (issue.keyword === 'additionalProperties') {
    return { field: `${base}/${String(issue.params.additionalProperty)}`, message: 'is not an allowed field' };
  }
  if (issue.keyword === 'required') {
    return { field: `${base}/${String(issue.params.missingProperty)}`, message: 'is required' };
  }
  return { field: base, message: issue.message ?? 'is invalid' };
}

// Bounded like the documented Problem: a body of a thousand unknown (or very long) names must not echo them all.
function fieldProblems(issues: AjvIssue[], context: string | undefined): FieldProblem[] {
  return issues.slice(0, MAX_FIELD_PROBLEMS).map((issue) => {
    const problem = fieldProblem(issue, context);
    return problem.field.length > MAX_FIELD_NAME
      ? { ...problem, field: `${problem.field.slice(0, MAX_FIELD_NAME - 1)}…` }
      : problem;
  });
}

// Fastify's own client errors, with codes a client can rely on.
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

// A proxied service that is down or too slow: the client learns which, never how.
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);
const TOO_SLOW = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

// @fastify/reply-from reports a connection the service dropped mid-request by the socket's own code, not FST_REPLY_FROM_*.
const DROPPED_BY_UPSTREAM = new Set(['ECONNRESET', 'UND_ERR_SOCKET']);

function upstreamProblem(error: FastifyError): { status: number; code: string; detail: string } | undefined {
  if (error.name === 'FastifyError' && DROPPED_BY_UPSTREAM.has(error.code)) {
    return { status: 503, code: 'UPSTREAM_UNAVAILABLE', detail: 'The service behind this route is unavailable.' };
  }
  if (!error.code?.startsWith('FST_REPLY_FROM_')) return undefined;
  const cause = (error.cause as { code?: string } | undefined)?.code ?? '';
  if ((error.code.includes('TIMEOUT') && error.code !== 'FST_REPLY_FROM_CONNECT_TIMEOUT') || TOO_SLOW.has(cause)) {
    return { status: 504, code: 'UPSTREAM_TIMEOUT', detail: 'The service behind this route did not answer in time.' };
  }
  if (UNREACHABLE.has(cause) || /SERVICE_UNAVAILABLE|CONNECTION_RESET|UNDICI_SOCKET|CONNECT_TIMEOUT/.test(error.code)) {
    return { status: 503, code: 'UPSTREAM_UNAVAILABLE', detail: 'The service behind this route is unavailable.' };
  }
  return { status: 502, code: 'BAD_GATEWAY', detail: 'The service behind this route failed.' };
}

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  411: 'LENGTH_REQUIRED',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  428: 'PRECONDITION_REQUIRED',
  429: 'TOO_MANY_REQUESTS',
  431: 'HEADERS_TOO_LARGE',
};

const STORE_DOWN =
  /MongoServerSelectionError|MongoNetworkError|MongoNotConnectedError|MongoTopologyClosedError|PoolClearedError/;

function isStoreUnavailable(error: Error): boolean {
  return STORE_DOWN.test(error.name) || /buffering timed out/.test(error.message);
}

/** The request's W3C trace id: the one its log lines carry. */
export function traceIdOf(request: FastifyRequest): string {
  return startRequestTrace(request.raw).traceId;
}

/** Sends an RFC 9457 problem; every error path of every service ends here. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  fields: {
    status: number;
    code: string;
    detail?: string;
    title?: string;
    errors?: FieldProblem[];
    extensions?: Record<string, unknown>;
  },
): FastifyReply {
  return reply
    .code(fields.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(makeProblem({ ...fields, traceId: traceIdOf(request) }));
}

function handleError(
  error: FastifyError | AppError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof AppError) {
    if (!error.isOperational) request.log.error({ err: error }, 'request failed');
    if (error.headers) reply.headers(error.headers);
    return sendProblem(request, reply, {
      status: error.status,
      code: error.code,
      title: error.message,
      detail: error.detail,
      errors: error.errors,
    });
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return sendProblem(request, reply, {
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'The request does not match the schema of this operation.',
      errors: fieldProblems(fastifyError.validation as unknown as AjvIssue[], fastifyError.validationContext),
    });
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const fromFastify = fastifyError.code?.startsWith('FST_') || error instanceof SyntaxError;
    const code =
      FASTIFY_CODES[fastifyError.code ?? ''] ??
      (error instanceof SyntaxError ? 'MALFORMED_JSON' : (STATUS_CODES[status] ?? 'BAD_REQUEST'));
    const headers = (fastifyError as { headers?: Record<string, string> }).headers;
    if (headers) reply.headers(headers);
    return sendProblem(request, reply, { status, code, detail: fromFastify ? error.message : undefined });
  }
  const upstream = upstreamProblem(fastifyError);
  if (upstream) {
    request.log.warn({ err: { message: error.message, code: fastifyError.code } }, 'upstream failed');
    return sendProblem(request, reply, upstream);
  }
  if (isStoreUnavailable(error)) {
    request.log.warn({ err: error }, 'store unavailable');
    return sendProblem(request, reply, {
      status: 503,
      code: 'STORE_UNAVAILABLE',
      detail: 'A dependency is unavailable; try again shortly.',
    });
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendProblem(request, reply, { status: 500, code: 'INTERNAL_ERROR', detail: 'An unexpected error occurred.' });
}

export const errorHandlerPlugin = fp(
  async (app) => {
    app.setErrorHandler(handleError);
    app.setNotFoundHandler((request, reply) =>
      sendProblem(request, reply, {
        status: 404,
        code: 'ROUTE_NOT_FOUND',
        detail: `No route ${request.method} ${request.url.split('?')[0]}`,
      }),
    );
  },
  { name: 'shopwire-error-handler' },
);
