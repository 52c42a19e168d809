import Fastify, { type FastifyInstance, type FastifyBaseLogger, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DestinationStream } from 'pino';
import { errorHandlerPlugin } from './error-handler.plugin';
import { healthPlugin } from './health.plugin';
import { metricsPlugin } from './metrics.plugin';
import { serverLoggingOptions } from './logger';
import { createValidatorCompiler } from './validation';
import { sendProblem } from './error-handler.plugin';
import { BAD_URL_PATH, rewriteRequestUrl } from './request-url';

export type ServiceApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface ServerOptions {
  service: string;
  logLevel: string;
  /** Where log lines go; stdout when unset. Tests pass a stream to read them. */
  logStream?: DestinationStream;
  bodyLimit?: number;
  /** Addresses (IPs, CIDRs, or proxy-addr names like `loopback`) whose X-Forwarded-For is believed for request.ip. */
  trustProxy?: string[];
  /**
   * Where GET /metrics is served: on this server (the default, a service's port is reachable from the cluster
   * only), or on a listener of its own (the gateway, whose port faces the internet), or not at all.
   */
  metrics?: { listen: 'same-port' } | { listen: 'own-port'; host: string; port: number };
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** A Fastify instance with the plumbing every Shopwire process shares; the app registers its routes on it. */
export function createServer(opts: ServerOptions): ServiceApp {
  const app = Fastify({
    ...serverLoggingOptions(opts.service, opts.logLevel, opts.logStream),
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: opts.trustProxy?.length ? opts.trustProxy : false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 256 },
    // Every path-based decision (routing, the gateway's public routes and rate-limit budgets) reads one form of the
    // path: `/auth/regist%65r` is `/auth/register`; a path that reads two ways is routed to a 400 (BAD_URL_PATH).
    rewriteUrl: rewriteRequestUrl,
    // What the router still refuses (a parameter past maxParamLength, a broken escape) is a problem too; these
    // answers skip the hooks, so the request id is set here.
    frameworkErrors: (error, request, reply) => {
      reply.header('x-request-id', request.id).header('x-content-type-options', 'nosniff');
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      return sendProblem(
        request,
        reply,
        tooLong
          ? { status: 414, code: 'URI_TOO_LONG' }
          : { status: 400, code: 'MALFORMED_URL', detail: 'The request path is not a valid URL.' },
      );
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(createValidatorCompiler());
  // JSON only: a text/plain body is a 415, not a string handed to a handler.
  app.removeContentTypeParser('text/plain');
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // A request that finishes during shutdown must not leave a keep-alive socket holding the server open.
    if (closing) reply.header('connection', 'close');
  });
  app.register(errorHandlerPlugin);
  app.all(BAD_URL_PATH, { schema: { hide: true } }, async (request, reply) =>
    sendProblem(request, reply, {
      status: 400,
      code: 'MALFORMED_URL',
      detail: 'The request path has a broken or ambiguous percent-encoding.',
    }),
  );
  app.register(metricsPlugin, { service: opts.service, listen: opts.metrics ?? { listen: 'same-port' } });
  app.register(healthPlugin);
  return app;
}
