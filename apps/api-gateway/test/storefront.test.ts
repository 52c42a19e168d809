import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { storefrontPlugin, storefrontRoot } from '../src/plugins/storefront.plugin';

describe('the storefront files at /', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'storefront-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>shop</title>');
    writeFileSync(join(dir, 'assets', 'index-AbC123.js'), 'console.log(1)');
    app = Fastify();
    await app.register(storefrontPlugin, { root: dir });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when / or a client route is asked, then index.html answers, revalidated each time', async () => {
    for (const url of ['/', '/products/p-1', '/orders/o-1', '/admin/sales', '/checkout']) {
      const res = await app.inject({ url });
      expect({ url, status: res.statusCode, body: res.body, cache: res.headers['cache-control'] }).toEqual({
        url,
        status: 200,
        body: '<!doctype html><title>shop</title>',
        cache: 'no-cache',
      });
    }
  });

  it('when a hashed asset is asked, then it is cached for a year', async () => {
    const res = await app.inject({ url: '/assets/index-AbC123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('when any other path is asked, then it is not the storefront (404: API paths keep their problem answers)', async () => {
    for (const url of ['/api/v1/nothing', '/no-such-page', '/assets/missing.js', '/docs-typo'])
      expect((await app.inject({ url })).statusCode).toBe(404);
  });

  it('when there is no build, then nothing is served and the gateway still starts', async () => {
    expect(storefrontRoot([join(dir, 'assets'), join(dir, 'missing')])).toBeUndefined();
    expect(storefrontRoot([join(dir, 'missing'), dir])).toBe(dir);
    const bare = Fastify();
    await bare.register(storefrontPlugin, { root: join(dir, 'missing') });
    expect((await bare.inject({ url: '/' })).statusCode).toBe(404);
    await bare.close();
  });
});
