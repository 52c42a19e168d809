import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';

/** The storefront's client-side routes: a reload or a shared link on one of them gets index.html (SPA fallback). */
export const STOREFRONT_ROUTES = [
  '/',
  '/c/*',
  '/search',
  '/products/*',
  '/cart',
  '/checkout',
  '/orders',
  '/orders/*',
  '/account',
  '/login',
  '/register',
  '/notifications',
  '/admin',
  '/admin/*',
];

/** The built storefront (apps/storefront, `dist/apps/storefront`): beside the gateway's bundle, or under the working directory. */
export function storefrontRoot(
  candidates = [resolve(__dirname, '..', 'storefront'), resolve(process.cwd(), 'dist', 'apps', 'storefront')],
): string | undefined {
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

/**
 * Serves the storefront's static files at `/`, same origin as the API (no CORS). Hashed assets (`/assets/*`) are
 * cached for a year; index.html is revalidated each time. Only the storefront's own client routes fall back to
 * index.html, so every other unknown path keeps answering 404 problem+json. Without a build, nothing is served.
 */
export const storefrontPlugin = fp(
  async (app, opts: { root?: string }) => {
    // `root` names the build folder to use (tests); by default, beside the gateway's bundle or under the working directory.
    const root = storefrontRoot(opts.root ? [opts.root] : undefined);
    if (!root) {
      app.log.info('no storefront build found (dist/apps/storefront); serving the API only');
      return;
    }
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      schemaHide: true,
      setHeaders: (reply, path) => {
        reply.header(
          'cache-control',
          path.startsWith(join(root, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    for (const url of STOREFRONT_ROUTES) {
      app.get(url, { schema: { hide: true } }, (_request, reply) =>
        reply.header('cache-control', 'no-cache').sendFile('index.html'),
      );
    }
  },
  { name: 'gateway-storefront' },
);
