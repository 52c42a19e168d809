import { createServer } from '@shopwire/service-kit';
import { startTestIssuer, type TestIssuer } from '@shopwire/testing';
import { authPlugin, currentUser, LONGEST_TOKEN_LIFETIME_MS, RevokedAccess } from '../src';

describe('revoked access', () => {
  let issuer: TestIssuer;
  let revoked: RevokedAccess;
  let app: ReturnType<typeof createServer>;
  const call = async (token: string) =>
    app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  beforeEach(async () => {
    revoked = new RevokedAccess();
    app = createServer({ service: 'revocation-test', logLevel: 'silent' });
    await app.register(authPlugin, {
      jwksUrl: issuer.jwksUrl,
      issuer: issuer.issuer,
      audience: issuer.audience,
      revokedAccess: revoked,
    });
    app.get('/me', { onRequest: app.authenticate }, async (request) => currentUser(request));
    await app.ready();
  });
  afterEach(async () => app.close());
  afterAll(async () => issuer.close());

  it('when an account is deleted, then every token of it is 401 TOKEN_REVOKED, even one already verified once, and other users pass', async () => {
    const token = await issuer.sign({ sub: 'gone', accessVersion: 5 });
    const other = await issuer.sign({ sub: 'stays' });
    expect((await call(token)).statusCode).toBe(200);

    revoked.apply({ userId: 'gone', before: Number.POSITIVE_INFINITY, at: Date.now() });

    const res = await call(token);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'TOKEN_REVOKED' });
    expect((await call(other)).statusCode).toBe(200);
  });

  it('when roles change, then tokens issued before (lower or no access version) are refused and tokens issued after pass', async () => {
    const before = await issuer.sign({ sub: 'demoted', roles: ['admin'], accessVersion: 1000 });
    const legacy = await issuer.sign({ sub: 'demoted', roles: ['admin'] });
    const after = await issuer.sign({ sub: 'demoted', roles: ['customer'], accessVersion: 2000 });

    revoked.apply({ userId: 'demoted', before: 2000, at: Date.now() });

    expect((await call(before)).json()).toMatchObject({ status: 401, code: 'TOKEN_REVOKED' });
    expect((await call(legacy)).json()).toMatchObject({ status: 401, code: 'TOKEN_REVOKED' });
    expect((await call(after)).json()).toEqual({ id: 'demoted', roles: ['customer'], accessVersion: 2000 });
  });

  it('when an older revocation arrives after a newer one, or the same one twice, then the newer holds and listeners hear each new one once', () => {
    const heard: string[] = [];
    revoked.onRevoked((userId) => heard.push(userId));
    revoked.apply({ userId: 'u', before: 300, at: Date.now() });
    revoked.apply({ userId: 'u', before: 100, at: Date.now() });
    revoked.apply({ userId: 'u', before: 300, at: Date.now() });

    expect(revoked.isRevoked({ id: 'u', roles: [], accessVersion: 200 })).toBe(true);
    expect(revoked.isRevoked({ id: 'u', roles: [], accessVersion: 300 })).toBe(false);
    expect(heard).toEqual(['u']);
  });

  it('when a revocation is older than the longest token lifetime, then it is forgotten: no token it could refuse is still valid', () => {
    let now = Date.now();
    const clock = new RevokedAccess(() => now);
    clock.apply({ userId: 'old', before: Number.POSITIVE_INFINITY, at: now - LONGEST_TOKEN_LIFETIME_MS - 1 });
    clock.apply({ userId: 'recent', before: Number.POSITIVE_INFINITY, at: now });
    expect(clock.isRevoked({ id: 'old', roles: [], accessVersion: 0 })).toBe(false);
    expect(clock.isRevoked({ id: 'recent', roles: [], accessVersion: 0 })).toBe(true);

    now += LONGEST_TOKEN_LIFETIME_MS;
    expect(clock.isRevoked({ id: 'recent', roles: [], accessVersion: 0 })).toBe(false);
  });
});
