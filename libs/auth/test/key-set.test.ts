import { createServer } from '@shopwire/service-kit';
import { freePort, startTestIssuer, type TestIssuer } from '@shopwire/testing';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import {
  authPlugin,
  createLocalTokenVerifier,
  createTokenVerifier,
  currentUser,
  InvalidTokenError,
  type AuthPluginOptions,
} from '../src';

async function appWith(opts: AuthPluginOptions) {
  const app = createServer({ service: 'auth-test', logLevel: 'silent' });
  await app.register(authPlugin, opts);
  app.get('/me', { preHandler: app.authenticate }, async (request) => currentUser(request));
  app.get('/open', { preHandler: app.identify }, async (request) => ({ user: request.user ?? null }));
  await app.ready();
  return app;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** An issuer of the test's own (to close while the verifier lives on) and a verifier of its keys (cacheMaxAgeMs 0). */
async function issuerAndVerifier() {
  const issuer = await startTestIssuer();
  const verify = createTokenVerifier({
    jwksUrl: issuer.jwksUrl,
    issuer: issuer.issuer,
    audience: issuer.audience,
    cacheMaxAgeMs: 0,
  });
  return { ownIssuer: issuer, verify };
}

describe('where the keys come from', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  afterAll(() => issuer.close());

  it('when the key set cannot be fetched and none was fetched before, then 503 AUTH_UNAVAILABLE, not 401', async () => {
    const app = await appWith({
      jwksUrl: `http://127.0.0.1:${await freePort()}/.well-known/jwks.json`,
      issuer: issuer.issuer,
      audience: issuer.audience,
    });
    try {
      const res = await app.inject({ url: '/me', headers: bearer(await issuer.sign({ sub: 'u1' })) });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'AUTH_UNAVAILABLE' });
    } finally {
      await app.close();
    }
  });

  it('when the issuer is gone after its keys were fetched, then the keys fetched last keep verifying', async () => {
    const { ownIssuer, verify } = await issuerAndVerifier();
    await expect(verify(await ownIssuer.sign({ sub: 'before' }))).resolves.toMatchObject({ id: 'before' });
    const later = await ownIssuer.sign({ sub: 'after' });
    await ownIssuer.close();

    await expect(verify(later)).resolves.toEqual({ id: 'after', roles: ['customer'], accessVersion: 0 });
  });

  it('when the issuer is gone, then a token of a key it never published is still refused', async () => {
    const { ownIssuer, verify } = await issuerAndVerifier();
    await verify(await ownIssuer.sign({ sub: 'before' }));
    const stranger = await startTestIssuer();
    const forged = await stranger.sign({ sub: 'intruder', roles: ['admin'] });
    await Promise.all([ownIssuer.close(), stranger.close()]);

    await expect(verify(forged)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when the verifier holds the keys itself, then its tokens verify and others do not', async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const verify = createLocalTokenVerifier({
      keys: { keys: [{ ...(await exportJWK(publicKey)), kid: 'own', alg: 'EdDSA' }] },
      issuer: 'shopwire',
      audience: 'shopwire-api',
    });
    const own = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'own' })
      .setSubject('u9')
      .setIssuer('shopwire')
      .setAudience('shopwire-api')
      .setExpirationTime('5m')
      .sign(privateKey);

    await expect(verify(own)).resolves.toEqual({ id: 'u9', roles: ['admin'], accessVersion: 0 });
    await expect(verify(await issuer.sign({ sub: 'u9' }))).rejects.toBeInstanceOf(InvalidTokenError);
  });
});

describe('routes open to anyone', () => {
  let issuer: TestIssuer;
  let app: Awaited<ReturnType<typeof appWith>>;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    app = await appWith({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, audience: issuer.audience });
  });
  afterAll(async () => {
    await app.close();
    await issuer.close();
  });

  it('when no token is sent, then the request passes anonymously', async () => {
    const res = await app.inject({ url: '/open' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ user: null });
  });

  it('when a valid token is sent, then its user is known', async () => {
    const res = await app.inject({
      url: '/open',
      headers: bearer(await issuer.sign({ sub: 'u2', roles: ['customer'] })),
    });
    expect(res.json()).toEqual({ user: { id: 'u2', roles: ['customer'], accessVersion: 0 } });
  });

  it.each([
    [
      'an expired token',
      async () => `Bearer ${await issuer.sign({ sub: 'u3', expiresIn: Math.floor(Date.now() / 1000) - 5 })}`,
    ],
    ['another scheme', async () => 'Basic dXNlcjpwYXNz'],
  ])('when %s is sent, then 401 INVALID_TOKEN all the same', async (_name, header) => {
    const res = await app.inject({ url: '/open', headers: { authorization: await header() } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'INVALID_TOKEN' });
  });
});
