import { createServer } from '@shopwire/service-kit';
import { badTokens, issuerSigner, startTestIssuer, waitFor, type TestIssuer } from '@shopwire/testing';
import { authPlugin, currentUser } from '../src';

async function buildApp(issuer: TestIssuer) {
  const app = createServer({ service: 'auth-test', logLevel: 'silent' });
  await app.register(authPlugin, { jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, audience: issuer.audience });
  app.get('/me', { preHandler: app.authenticate }, async (request) => currentUser(request));
  app.get('/admin', { preHandler: [app.authenticate, app.requireRole('admin')] }, async () => ({ ok: true }));
  await app.ready();
  return app;
}

describe('access tokens at a service', () => {
  let issuer: TestIssuer;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const call = (token: string | undefined, url = '/me') =>
    app.inject({ method: 'GET', url, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    issuer = await startTestIssuer();
    app = await buildApp(issuer);
  });
  afterAll(async () => {
    await app.close();
    await issuer.close();
  });

  it('when the token is valid, then the user and roles reach the handler', async () => {
    const res = await call(await issuer.sign({ sub: 'user-1', roles: ['customer'] }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 'user-1', roles: ['customer'], accessVersion: 0 });
  });

  it('when there is no token, then 401 problem+json', async () => {
    const res = await call(undefined);
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json()).toMatchObject({ code: 'AUTHENTICATION_REQUIRED', status: 401 });
  });

  it.each([...badTokens(() => issuerSigner(issuer), 'user-1'), ['garbage', async () => 'not.a.token']])(
    'when the token has %s, then 401 INVALID_TOKEN',
    async (_name, makeToken) => {
      const res = await call(await makeToken());
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'INVALID_TOKEN' });
    },
  );

  it('when a customer calls an admin route, then 403; an admin passes', async () => {
    expect((await call(await issuer.sign({ sub: 'c', roles: ['customer'] }), '/admin')).statusCode).toBe(403);
    expect((await call(await issuer.sign({ sub: 'a', roles: ['admin', 'customer'] }), '/admin')).statusCode).toBe(200);
  });

  it('when a new key is added to the key set, then tokens signed with it are accepted without a restart', async () => {
    const kid = await issuer.rotate();
    const token = await issuer.sign({ sub: 'user-2', kid });
    // The key set is refetched on an unknown kid at most once a second.
    const res = await waitFor(
      async () => {
        const attempt = await call(token);
        return attempt.statusCode === 200 ? attempt : undefined;
      },
      { timeoutMs: 5000, description: 'the rotated key to be accepted' },
    );
    expect(res.json()).toMatchObject({ id: 'user-2' });
  });
});
