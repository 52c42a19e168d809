import { unique } from '@shopwire/testing';
import { startUserService, type TestUserService } from './support/user-service';

/** Refusing a bad body costs one check, not one per field (issue 22, point 6). */
describe('refusing a body with very many unknown fields at user-service', () => {
  let service: TestUserService;
  beforeAll(async () => {
    service = await startUserService();
  });
  afterAll(() => service?.close());

  it('when register carries 90,000 unknown keys, then 400 VALIDATION_FAILED with a short list, and no account is made', async () => {
    const email = `${unique('flood')}@example.com`;
    const body = {
      email,
      password: 'password-123',
      name: 'F',
      ...Object.fromEntries(Array.from({ length: 90_000 }, (_, i) => [`k${i}`, 0])),
    };
    const payload = JSON.stringify(body);
    expect(payload.length).toBeLessThan(1024 * 1024);

    const res = await service.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      payload,
    });

    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(res.json().errors).toEqual([{ field: 'body/k0', message: 'is not an allowed field' }]);
    expect(await service.deps.models.users.exists({ emailNormalized: email })).toBeNull();
  });
});
