import { randomUUID } from 'node:crypto';
import { LogController, type FastifyServerOptions, type RawRequestDefaultExpression } from 'fastify';
import type { DestinationStream, LoggerOptions } from 'pino';
import { startRequestTrace } from './request-trace';

// Secrets never reach a log line: credentials in headers, and any password or token field one or two levels deep.
const SECRET_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'secret',
  'authorization',
  'cookie',
];
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["set-cookie"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

const TOKEN_IN_QUERY = /([?&](?:access_token|token|refresh_token)=)[^&]*/gi;

export function loggerOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service },
    messageKey: 'msg',
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    serializers: {
      req(req: { method: string; url: string; headers: Record<string, unknown>; ip?: string }) {
        return {
          method: req.method,
          url: req.url.replace(TOKEN_IN_QUERY, '$1[REDACTED]'),
          userAgent: req.headers['user-agent'],
          remoteAddress: req.ip,
        };
      },
    },
  };
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps the caller's x-request-id when it is a sane token, otherwise makes one; it is the correlation id. */
export function requestIdFrom(req: RawRequestDefaultExpression): string {
  const header = req.headers['x-request-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && SAFE_REQUEST_ID.test(value) ? value : randomUUID();
}

export function serverLoggingOptions(
  service: string,
  level: string,
  stream?: DestinationStream,
): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader' | 'logController' | 'childLoggerFactory'> {
  return {
    logger: stream ? { ...loggerOptions(service, level), stream } : loggerOptions(service, level),
    genReqId: requestIdFrom,
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'correlationId' }),
    // Every line of a request names its trace: pino's OpenTelemetry instrumentation adds trace_id while a span is
    // active; without one (no SDK, an untraced path) the request's own trace id is bound under the same key.
    childLoggerFactory(logger, bindings, opts, raw) {
      const { traceId, fromSpan } = startRequestTrace(raw as RawRequestDefaultExpression);
      return logger.child(fromSpan ? bindings : { ...bindings, trace_id: traceId }, opts);
    },
  };
}
