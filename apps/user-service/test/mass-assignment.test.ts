import { unique } from '@shopwire/testing';
import { decodeJwt } from 'jose';
import {
  bearer,
  newAccount,
  postLogin,
  startUserService,
  type Account,
  type TestUserService,
} from './support/user-service';

describe('what a client may not set', () => {
  let service: TestUserService;
  beforeAll(async () => {
    service = await startUserService();
  });
  afterAll(() => service?.close());

  const register = (payload: string) =>
    service.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      payload,
    });
  /** PATCH /users/me as the account, the body as it is. */
  const patchMe = (account: Account, payload: string) =>
    service.app.inject({
      method: 'PATCH',
      url: '/api/v1/users/me',
      headers: { ...bearer(account.accessToken), 'content-type': 'application/json' },
      payload,
    });
  const raw = (body: Record<string, unknown>) =>
    JSON.stringify({ email: `${unique('m')}@example.com`, password: 'password-123', name: 'M', ...body });

  it('when register carries roles, then 400 naming the field, and no account is made', async () => {
    const email = `${unique('m')}@example.com`;
    const res = await register(JSON.stringify({ email, password: 'password-123', name: 'M', roles: ['admin'] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'body/roles', message: 'is not an allowed field' }]);
    expect(await service.deps.models.users.exists({ emailNormalized: email })).toBeNull();
  });

  it.each([
    ['email', { email: { $gt: '' } }],
    ['password', { password: { $gt: '' } }],
  ])('when %s is an operator object at register, then 400', async (_field, body) => {
    expect((await register(raw(body))).statusCode).toBe(400);
  });

  it.each([
    ['email', { email: { $gt: '' }, password: 'password-123' }],
    ['password', { password: { $gt: '' } }],
  ])('when %s is an operator object at login, then 400, not a login', async (_field, body) => {
    const account = await newAccount(service.app);
    const res = await postLogin(service.app, { email: account.email, ...body });
    expect(res.statusCode).toBe(400);
  });

  it('when PATCH /users/me carries roles, then 400 and the roles stay', async () => {
    const account = await newAccount(service.app);
    const res = await patchMe(account, JSON.stringify({ roles: ['admin'] }));
    expect(res.statusCode).toBe(400);
    expect(
      (
        await service.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(account.accessToken) })
      ).json().roles,
    ).toEqual(['customer']);
  });

  it.each([
    [
      '__proto__ at register',
      '{"__proto__": {"roles": ["admin"]}, "email": "EMAIL", "password": "password-123", "name": "P"}',
    ],
    [
      'constructor.prototype at register',
      '{"constructor": {"prototype": {"roles": ["admin"]}}, "email": "EMAIL", "password": "password-123", "name": "P"}',
    ],
  ])('when the body smuggles %s, then 400 and nothing is polluted', async (_case, template) => {
    const email = `${unique('p')}@example.com`;
    const res = await register(template.replace('EMAIL', email));
    expect(res.statusCode).toBe(400);
    expect(({} as { roles?: unknown }).roles).toBeUndefined();
    expect(await service.deps.models.users.exists({ emailNormalized: email })).toBeNull();
  });

  it('when PATCH /users/me smuggles __proto__, then 400 and the token of a later login still says customer', async () => {
    const account = await newAccount(service.app);
    const res = await patchMe(account, '{"name": "X", "__proto__": {"roles": ["admin"]}}');
    expect(res.statusCode).toBe(400);
    const again = (await postLogin(service.app, { email: account.email, password: account.password })).json();
    expect(decodeJwt(again.accessToken).roles).toEqual(['customer']);
  });
});
