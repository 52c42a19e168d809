import { Readable } from 'node:stream';
import fp from 'fastify-plugin';
import proxy from '@fastify/http-proxy';
import { Pool } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { GATEWAY_SECRET_HEADER } from '@shopwire/service-kit';
import { isPublicRoute, type Upstream } from '../upstreams';

export interface ProxyOptions {
  upstreams: Upstream[];
  timeoutMs: number;
  bodyLimit: number;
  /** Sent to the services in GATEWAY_SECRET_HEADER, so they believe the client address this gateway forwards. */
  gatewaySecret?: string;
}

const poolOptions = (timeoutMs: number, bodyTimeout: number) => ({
  connections: 128,
  pipelining: 1,
  keepAliveTimeout: 60000,
  headersTimeout: timeoutMs,
  bodyTimeout,
});

/**
 * Request bodies are read here, up to the body limit (413 past it, also for chunked uploads), and forwarded as the
 * exact bytes the client sent; the proxy would otherwise stream them to the service unmeasured.
 */
function readBodiesWithinLimit(scope: FastifyInstance, bodyLimit: number, lengths: WeakMap<object, number>): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    lengths.set(request, body.length);
    done(null, Readable.from([body]));
  });
}

/**
 * Forwards each owned prefix to its service over one pooled keep-alive connection set per service. Before anything
 * is forwarded the access token is verified: a protected route without a valid token ends here with 401, before its
 * body is read.
 */
export const proxyPlugin = fp(
  async (app, opts: ProxyOptions) => {
    const pools: Pool[] = [];
    const bodyLengths = new WeakMap<object, number>();
    app.addHook('onClose', async () => {
      await Promise.all(pools.map((pool) => pool.close()));
    });

    await app.register(async (scope) => {
      readBodiesWithinLimit(scope, opts.bodyLimit, bodyLengths);
      const publicRoutes = opts.upstreams.flatMap((upstream) => upstream.publicRoutes);
      // A refused token is answered only after the rate limit (a route hook, so it runs after this one) has counted
      // the request: guessing tokens spends the client's budget, and the 401 says how much is left like any answer.
      const refused = new WeakMap<object, unknown>();
      scope.addHook('onRequest', async (request, reply) => {
        try {
          if (isPublicRoute(publicRoutes, request.method, request.url)) await app.identify(request, reply);
          else await app.authenticate(request, reply);
        } catch (error) {
          refused.set(request, error);
        }
      });
      scope.addHook('preParsing', async (request) => {
        if (refused.has(request)) throw refused.get(request);
      });

      const rewriteRequestHeaders = (
        request: { id: string; ip: string; protocol: string },
        headers: IncomingHttpHeaders,
      ): IncomingHttpHeaders => {
        const forwarded: IncomingHttpHeaders = {
          ...headers,
          'x-request-id': request.id,
          'x-forwarded-for': request.ip,
          'x-forwarded-proto': request.protocol,
        };
        // The proof that this gateway forwards the request (and so that X-Forwarded-For is its word): a client's own
        // copy of the header is never passed on.
        delete forwarded[GATEWAY_SECRET_HEADER];
        if (opts.gatewaySecret) forwarded[GATEWAY_SECRET_HEADER] = opts.gatewaySecret;
        const length = bodyLengths.get(request);
        if (length !== undefined) {
          delete forwarded['transfer-encoding'];
          forwarded['content-length'] = String(length);
        }
        return forwarded;
      };

      for (const upstream of opts.upstreams) {
        const pool = new Pool(upstream.url, poolOptions(opts.timeoutMs, opts.timeoutMs));
        // A stream stays open as long as the client listens; only its first answer is timed. It holds one upstream
        // connection for its whole life, so a cap here would let a few clients' streams leave everyone else's waiting
        // unanswered for a free connection: this pool is unbounded (each connection is one open client stream, which
        // the service limits per user) and apart from the pool of ordinary requests.
        const streamPool = new Pool(upstream.url, { ...poolOptions(opts.timeoutMs, 0), connections: null });
        pools.push(pool, streamPool);
        const routes = [
          ...upstream.prefixes.map((prefix) => ({ prefix, pool })),
          ...(upstream.streams ?? []).map((prefix) => ({ prefix, pool: streamPool })),
        ];
        for (const route of routes) {
          await scope.register(proxy, {
            upstream: upstream.url,
            prefix: route.prefix,
            rewritePrefix: route.prefix,
            undici: route.pool,
            destroyAgent: false,
            proxyPayloads: false,
            // The kit already logs each request once; two more lines per proxied request cost throughput.
            disableRequestLogging: true,
            replyOptions: { rewriteRequestHeaders },
          });
        }
      }
    });
  },
  { name: 'gateway-proxy', dependencies: ['shopwire-auth'] },
);
