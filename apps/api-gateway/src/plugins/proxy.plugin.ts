import fp from 'fastify-plugin';
import proxy from '@fastify/http-proxy';
import type { Upstream } from '../upstreams';

export interface ProxyOptions {
  upstreams: Upstream[];
  timeoutMs: number;
}

/** Forwards each owned prefix to its service over pooled keep-alive connections, passing the request id on. */
export const proxyPlugin = fp(
  async (app, opts: ProxyOptions) => {
    for (const upstream of opts.upstreams) {
      for (const prefix of upstream.prefixes) {
        await app.register(proxy, {
          upstream: upstream.url,
          prefix,
          rewritePrefix: prefix,
          undici: { connections: 128, pipelining: 1, keepAliveTimeout: 60000, headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs },
          replyOptions: {
            rewriteRequestHeaders: (request, headers) => ({ ...headers, 'x-request-id': request.id }),
          },
        });
      }
    }
  },
  { name: 'gateway-proxy' },
);
