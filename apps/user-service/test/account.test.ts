import type { InjectOptions } from 'fastify';
import { unique, waitFor, type CollectedEvents } from '@shopwire/testing';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import {
  bearer,
  json,
  newAccount,
  postLogin,
  postLogout,
  postRefresh,
  useUserService,
  type TestUserService,
} from './support/user-service';

describe('an account from registration to deletion', () => {
  let service: TestUserService;
  let events: CollectedEvents;
  const inject = (opts: InjectOptions) => service.app.inject(opts);
  useUserService(['user.*'], (started, collected) => ([service, events] = [started, collected]));

  it('when someone registers, then 201 with the public profile only, and user.registered carries the request id', async () => {
    const email = `${unique('Ann')}@Example.com`;
    const res = await inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json', 'x-request-id': 'reg-req-1' },
      payload: JSON.stringify({ email, password: 'password-123', name: 'Ann' }),
    });

    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['createdAt', 'email', 'id', 'name', 'roles']);
    expect(body).toMatchObject({ email, name: 'Ann', roles: ['customer'] });
    const event = await events.waitFor(
      (e) => e.type === 'user.registered' && (e.data as { userId: string }).userId === body.id,
    );
    expect(event).toMatchObject({
      source: 'user-service',
      correlationId: 'reg-req-1',
      data: { userId: body.id, email, name: 'Ann' },
    });
  });

  it('when the same email is registered in another letter case, then 409 EMAIL_TAKEN', async () => {
    const email = `${unique('bob')}@example.com`;
    expect(
      (
        await inject({
          method: 'POST',
          url: '/api/v1/auth/register',
          ...json({ email, password: 'password-123', name: 'Bob' }),
        })
      ).statusCode,
    ).toBe(201);

    const again = await inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      ...json({ email: email.toUpperCase(), password: 'password-456', name: 'Bobby' }),
    });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(again.json()).toMatchObject({ code: 'EMAIL_TAKEN' });
  });

  it.each([
    ['a password of 7 characters', { password: 'x'.repeat(7) }],
    ['a password of 129 characters', { password: 'x'.repeat(129) }],
    ['an email that is not one', { email: 'not-an-email' }],
    ['an empty name', { name: '' }],
  ])('when registering with %s, then 400', async (_case, change) => {
    const res = await inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      ...json({ email: `${unique('c')}@example.com`, password: 'password-123', name: 'C', ...change }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('when logging in, then an EdDSA access token with kid, sub, roles, iss, aud and a 15-minute exp', async () => {
    const account = await newAccount(service.app);

    expect(decodeProtectedHeader(account.accessToken)).toMatchObject({ alg: 'EdDSA', kid: service.signingKey.kid });
    const claims = decodeJwt(account.accessToken);
    expect(claims).toMatchObject({ sub: account.id, roles: ['customer'], iss: 'shopwire', aud: 'shopwire-api' });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
  });

  it('when the email is unknown or the password wrong, then the same 401 INVALID_CREDENTIALS', async () => {
    const account = await newAccount(service.app);
    const strip = (body: Record<string, unknown>) => ({ ...body, traceId: undefined });

    const wrongPassword = await postLogin(service.app, { email: account.email, password: 'wrong-password' });
    const unknownEmail = await postLogin(service.app, {
      email: `${unique('nobody')}@example.com`,
      password: 'wrong-password',
    });

    expect([wrongPassword.statusCode, unknownEmail.statusCode]).toEqual([401, 401]);
    expect(wrongPassword.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(strip(wrongPassword.json())).toEqual(strip(unknownEmail.json()));
  });

  it('when a refresh token is used, then a new pair; when the spent one comes back, then 401 and the whole login is revoked', async () => {
    const account = await newAccount(service.app);
    const refresh = (refreshToken: string) => postRefresh(service.app, refreshToken);

    const first = await refresh(account.refreshToken);
    expect(first.statusCode).toBe(200);
    const rotated = first.json();
    expect(rotated.refreshToken).not.toBe(account.refreshToken);
    expect(
      (await inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(rotated.accessToken) })).statusCode,
    ).toBe(200);

    const replay = await refresh(account.refreshToken);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ code: 'INVALID_REFRESH_TOKEN' });
    expect((await refresh(rotated.refreshToken)).statusCode).toBe(401);
  });

  it('when one refresh token is spent twice at the same moment, then at most one new pair comes out', async () => {
    const account = await newAccount(service.app);
    const refresh = () => postRefresh(service.app, account.refreshToken);

    const statuses = (await Promise.all([refresh(), refresh(), refresh()])).map((r) => r.statusCode).sort();

    expect(statuses).toEqual([200, 401, 401]);
  });

  it('when logout or refresh names a session with a wrong secret, then nothing happens to it: logout 204, refresh 401 INVALID_REFRESH_TOKEN, and the real token still refreshes', async () => {
    const account = await newAccount(service.app);
    const [sessionId] = account.refreshToken.split('.');
    const forged = `${sessionId}.${'A'.repeat(43)}`;

    const out = await postLogout(service.app, forged);
    expect(out.statusCode).toBe(204);
    const refused = await postRefresh(service.app, forged);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'INVALID_REFRESH_TOKEN' });

    const real = await postRefresh(service.app, account.refreshToken);
    expect(real.statusCode).toBe(200);
  });

  it('when one account logs in several times in a row, then the session ids carry at least 96 random bits and share no prefix (not a time and a counter)', async () => {
    const account = await newAccount(service.app);
    const ids: Buffer[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await postLogin(service.app, { email: account.email, password: account.password });
      expect(res.statusCode).toBe(200);
      const sessionId = (res.json().refreshToken as string).split('.')[0] ?? '';
      expect(sessionId).toMatch(/^[A-Za-z0-9_-]{22}$/);
      ids.push(Buffer.from(sessionId, 'base64url'));
    }

    expect(ids.every((id) => id.length >= 12)).toBe(true);
    const sharedPrefixes = ids.flatMap((a, i) =>
      ids.slice(i + 1).filter((b) => a.subarray(0, 4).equals(b.subarray(0, 4))),
    );
    expect(sharedPrefixes).toEqual([]);
  });

  it('when logging out, then 204 and the refresh token is refused afterwards', async () => {
    const account = await newAccount(service.app);

    const out = await postLogout(service.app, account.refreshToken);
    expect(out.statusCode).toBe(204);
    const after = await postRefresh(service.app, account.refreshToken);
    expect(after.statusCode).toBe(401);
  });

  it('when the name is changed, then the profile shows it and user.updated is emitted', async () => {
    const account = await newAccount(service.app);

    const res = await inject({
      method: 'PATCH',
      url: '/api/v1/users/me',
      headers: { ...bearer(account.accessToken), 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'New Name' }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: account.id, name: 'New Name' });
    expect(
      (await inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(account.accessToken) })).json(),
    ).toMatchObject({ name: 'New Name' });
    await events.waitFor(
      (e) =>
        e.type === 'user.updated' &&
        (e.data as { userId: string; name: string }).userId === account.id &&
        (e.data as { name: string }).name === 'New Name',
    );
  });

  it('when the account is deleted, then it is anonymised: no login, no profile, no refresh, the email is free, and user.deleted is emitted', async () => {
    const account = await newAccount(service.app);

    const del = await inject({ method: 'DELETE', url: '/api/v1/users/me', headers: bearer(account.accessToken) });
    expect(del.statusCode).toBe(204);
    await events.waitFor((e) => e.type === 'user.deleted' && (e.data as { userId: string }).userId === account.id);

    // The profile is gone (404) until user.deleted comes back from the user.access stream; from then on the token
    // itself is refused.
    const seen = new Set<number>();
    const refused = await waitFor(
      async () => {
        const res = await inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(account.accessToken) });
        seen.add(res.statusCode);
        return res.statusCode === 401 ? res : undefined;
      },
      { timeoutMs: 10000, description: "the deleted account's token to be refused" },
    );
    expect(refused.json()).toMatchObject({ code: 'TOKEN_REVOKED' });
    expect([...seen].filter((status) => status !== 404 && status !== 401)).toEqual([]);
    expect((await postLogin(service.app, { email: account.email, password: account.password })).statusCode).toBe(401);
    expect((await postRefresh(service.app, account.refreshToken)).statusCode).toBe(401);
    const stored = await service.deps.models.users.findById(account.id).lean();
    expect(stored).toMatchObject({ name: 'Deleted user', passwordHash: null, addresses: [] });
    expect(JSON.stringify(stored)).not.toContain(account.email);
    expect(
      (
        await inject({
          method: 'POST',
          url: '/api/v1/auth/register',
          ...json({ email: account.email, password: 'password-123', name: 'Again' }),
        })
      ).statusCode,
    ).toBe(201);
  });

  it('when no token is sent to a profile route, then 401', async () => {
    const res = await inject({ method: 'GET', url: '/api/v1/users/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'AUTHENTICATION_REQUIRED' });
  });
});
