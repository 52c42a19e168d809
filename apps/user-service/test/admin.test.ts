import { unique, waitFor } from '@shopwire/testing';
import { decodeJwt } from 'jose';
import { bootstrapAdmin } from '../src/users/bootstrap-admin';
import {
  bearer,
  newAccount,
  postLogin,
  postRefresh,
  startUserService,
  type TestUserService,
} from './support/user-service';

describe('administration', () => {
  const admin = { email: `${unique('Admin')}@Example.com`, password: 'admin-password-1' };
  let service: TestUserService;
  let adminToken: string;

  const login = (email: string, password: string) => postLogin(service.app, { email, password });
  const setRoles = (token: string, userId: string, roles: unknown) =>
    service.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${userId}/roles`,
      headers: { ...bearer(token), 'content-type': 'application/json' },
      payload: JSON.stringify({ roles }),
    });

  beforeAll(async () => {
    service = await startUserService({ ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password });
    // The account is seeded once the store answers, just after start-up.
    const res = await waitFor(
      async () => {
        const attempt = await login(admin.email, admin.password);
        return attempt.statusCode === 200 ? attempt : undefined;
      },
      { timeoutMs: 20000, description: 'the bootstrapped admin to log in' },
    );
    adminToken = res.json().accessToken;
  });
  afterAll(() => service?.close());

  it('when ADMIN_EMAIL and ADMIN_PASSWORD are set, then that account exists with the admin role', () => {
    expect(decodeJwt(adminToken).roles).toEqual(['customer', 'admin']);
  });

  it('when an admin lists users, then pages of live accounts newest first, with a cursor to the next', async () => {
    const [older, newer] = [await newAccount(service.app), await newAccount(service.app)];

    const first = await service.app.inject({
      method: 'GET',
      url: '/api/v1/users?limit=1',
      headers: bearer(adminToken),
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      items: [expect.objectContaining({ id: newer.id })],
      nextCursor: expect.any(String),
    });
    const second = await service.app.inject({
      method: 'GET',
      url: `/api/v1/users?limit=1&cursor=${first.json().nextCursor}`,
      headers: bearer(adminToken),
    });
    expect(second.json().items).toEqual([expect.objectContaining({ id: older.id, email: older.email })]);
    expect(JSON.stringify(second.json())).not.toMatch(/passwordHash|emailNormalized|outbox/);
  });

  it('when the cursor is garbage, then 400', async () => {
    const res = await service.app.inject({
      method: 'GET',
      url: '/api/v1/users?cursor=%24%24%24',
      headers: bearer(adminToken),
    });
    expect(res.statusCode).toBe(400);
  });

  it('when a customer calls an admin route, then 403', async () => {
    const customer = await newAccount(service.app);
    const list = await service.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: bearer(customer.accessToken),
    });
    expect(list.statusCode).toBe(403);
    expect((await setRoles(customer.accessToken, customer.id, ['customer', 'admin'])).statusCode).toBe(403);
  });

  it('when an admin grants admin, then the next token of that user carries it; revoking takes it away again', async () => {
    const customer = await newAccount(service.app);

    const granted = await setRoles(adminToken, customer.id, ['customer', 'admin']);
    expect(granted.statusCode).toBe(200);
    expect(granted.json()).toMatchObject({ id: customer.id, roles: ['customer', 'admin'] });
    const refreshed = (await postRefresh(service.app, customer.refreshToken)).json();
    expect(decodeJwt(refreshed.accessToken).roles).toEqual(['customer', 'admin']);
    expect(
      (await service.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(refreshed.accessToken) }))
        .statusCode,
    ).toBe(200);

    expect((await setRoles(adminToken, customer.id, ['customer'])).json()).toMatchObject({ roles: ['customer'] });
    // The admin token issued before the change is refused as soon as user.roles.changed is read back from the stream.
    const refused = await waitFor(
      async () => {
        const res = await service.app.inject({
          method: 'GET',
          url: '/api/v1/users',
          headers: bearer(refreshed.accessToken),
        });
        return res.statusCode === 200 ? undefined : res;
      },
      { timeoutMs: 10000, description: 'the demoted token to be refused' },
    );
    expect([refused.statusCode, refused.json().code]).toEqual([401, 'TOKEN_REVOKED']);
    const again = (await postRefresh(service.app, refreshed.refreshToken)).json();
    expect(decodeJwt(again.accessToken)).toMatchObject({ roles: ['customer'], av: expect.any(Number) });
    expect(decodeJwt(again.accessToken).av).toBeGreaterThan(Number(decodeJwt(refreshed.accessToken).av));
  });

  it('when the roles set are the ones the account has, then nothing is revoked: no new access version, no event', async () => {
    const customer = await newAccount(service.app);
    expect((await setRoles(adminToken, customer.id, ['customer'])).statusCode).toBe(200);
    const stored = await service.deps.models.users.findById(customer.id).lean();
    expect(stored?.accessVersion).toBeUndefined();
    expect(stored?.outbox.map((e) => e.type) ?? []).not.toContain('user.roles.changed');
  });

  it('when an admin revokes their own admin role, then 409 and they stay admin', async () => {
    const self = String(decodeJwt(adminToken).sub);
    const res = await setRoles(adminToken, self, ['customer']);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CANNOT_REVOKE_OWN_ADMIN' });
  });

  it.each([
    ['an unknown role', ['customer', 'superuser']],
    ['no role', []],
    ['a role twice', ['admin', 'admin']],
    ['a string instead of a list', 'admin'],
  ])('when the roles are %s, then 400', async (_case, roles) => {
    const customer = await newAccount(service.app);
    expect((await setRoles(adminToken, customer.id, roles)).statusCode).toBe(400);
  });

  it('when the user does not exist, then 404', async () => {
    expect((await setRoles(adminToken, '0123456789abcdef01234567', ['customer'])).statusCode).toBe(404);
    expect((await setRoles(adminToken, 'nope', ['customer'])).statusCode).toBe(404);
  });
});

describe('the configured admin at start-up', () => {
  it('when a customer already holds ADMIN_EMAIL, then a restart leaves that account a customer with its own password', async () => {
    const db = unique('users-admin-taken');
    const first = await startUserService({ MONGO_DB: db });
    const customer = await newAccount(first.app);
    await first.app.close();

    const admin = { email: customer.email, password: 'admin-password-2' };
    const second = await startUserService({ MONGO_DB: db, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password });
    try {
      expect(await bootstrapAdmin(second.deps, admin)).toBe('taken');
      const refreshed = await postRefresh(second.app, customer.refreshToken);
      expect(refreshed.statusCode).toBe(200);
      expect(decodeJwt(refreshed.json().accessToken).roles).toEqual(['customer']);
      const asAdmin = await postLogin(second.app, admin);
      expect(asAdmin.statusCode).toBe(401);
      expect(asAdmin.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    } finally {
      await second.close();
    }
  });
});
