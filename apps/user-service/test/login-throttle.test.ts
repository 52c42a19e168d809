import { unique, waitFor } from '@shopwire/testing';
import type { ServiceApp } from '@shopwire/service-kit';
import { json, newAccount, startUserService, type TestUserService } from './support/user-service';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const login = (
  app: ServiceApp,
  email: string,
  password: string,
  address = '127.0.0.1',
  headers: Record<string, string> = {},
) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: address,
    ...json({ email, password }),
    headers: { 'content-type': 'application/json', ...headers },
  });
const GATEWAY_SECRET = 'a gateway secret of at least thirty-two characters';
const randomAddress = (): string =>
  `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;

describe.each([
  ['in memory', {}],
  ['in Redis', { REDIS_URL }],
])('login throttling %s', (_store, storeEnv) => {
  let service: TestUserService;
  beforeAll(async () => {
    service = await startUserService({
      ...storeEnv,
      REDIS_KEY_PREFIX: `${unique('throttle')}:`,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '5',
      LOGIN_THROTTLE_WINDOW_SECONDS: '2',
      GATEWAY_SECRET,
    });
  });
  afterAll(() => service?.close());

  it('when one address fails too often on an account, then that address waits even with the right password, each further failure doubles the wait, and the owner at another address logs in all along', async () => {
    const account = await newAccount(service.app);
    const guesser = randomAddress();
    for (let i = 0; i < 3; i++)
      expect((await login(service.app, account.email, 'wrong-password', guesser)).statusCode).toBe(401);

    const blocked = await login(service.app, account.email, account.password, guesser);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(blocked.headers['retry-after']).toBe('1');
    expect(blocked.json()).toMatchObject({ code: 'TOO_MANY_LOGIN_ATTEMPTS', status: 429 });
    expect((await login(service.app, account.email, account.password, randomAddress())).statusCode).toBe(200);

    // The next failure once the wait is over waits twice as long.
    await waitFor(async () => (await login(service.app, account.email, 'wrong-password', guesser)).statusCode === 401, {
      timeoutMs: 15000,
      description: 'the first wait to pass',
    });
    expect((await login(service.app, account.email, account.password, guesser)).headers['retry-after']).toBe('2');
    expect((await login(service.app, account.email, account.password, randomAddress())).statusCode).toBe(200);

    await waitFor(async () => (await login(service.app, account.email, account.password, guesser)).statusCode === 200, {
      timeoutMs: 15000,
      description: 'the second wait to pass',
    });
  });

  it('when a direct caller varies X-Forwarded-For, then it is still counted under its own address; with the gateway secret the forwarded address counts', async () => {
    const peer = randomAddress();
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await login(service.app, `${unique('spoof')}@example.com`, 'guess', peer, {
            'x-forwarded-for': randomAddress(),
          })
        ).statusCode,
      ).toBe(401);
    }
    const account = await newAccount(service.app);
    expect(
      (await login(service.app, account.email, account.password, peer, { 'x-forwarded-for': randomAddress() }))
        .statusCode,
    ).toBe(429);
    const wrongSecret = { 'x-forwarded-for': randomAddress(), 'x-gateway-secret': `${GATEWAY_SECRET}!` };
    expect((await login(service.app, account.email, account.password, peer, wrongSecret)).statusCode).toBe(429);

    const throughGateway = { 'x-forwarded-for': randomAddress(), 'x-gateway-secret': GATEWAY_SECRET };
    expect((await login(service.app, account.email, account.password, peer, throughGateway)).statusCode).toBe(200);
  });

  it('when an unknown email fails too often, then it is throttled the same way (no hint that it does not exist)', async () => {
    const email = `${unique('ghost')}@example.com`;
    for (let i = 0; i < 3; i++) expect((await login(service.app, email, 'guess', '10.9.0.1')).statusCode).toBe(401);
    expect((await login(service.app, email, 'guess', '10.9.0.1')).statusCode).toBe(429);
  });

  it('when one address fails across many accounts, then that address is throttled and others are not', async () => {
    const sprayer = `192.0.2.${Math.floor(Math.random() * 200) + 1}`;
    for (let i = 0; i < 5; i++)
      expect((await login(service.app, `${unique('spray')}@example.com`, 'guess', sprayer)).statusCode).toBe(401);

    const account = await newAccount(service.app);
    expect((await login(service.app, account.email, account.password, sprayer)).statusCode).toBe(429);
    expect((await login(service.app, account.email, account.password, '198.51.100.20')).statusCode).toBe(200);
  });
});

describe('login throttling across replicas', () => {
  it('when failures hit two replicas sharing Redis, then they count together', async () => {
    const env = {
      REDIS_URL,
      REDIS_KEY_PREFIX: `${unique('shared')}:`,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '2',
      LOGIN_THROTTLE_WINDOW_SECONDS: '60',
    };
    const one = await startUserService(env);
    const two = await startUserService({ ...env, MONGO_DB: one.config.MONGO_DB });
    try {
      const email = `${unique('shared')}@example.com`;
      expect((await login(one.app, email, 'guess')).statusCode).toBe(401);
      expect((await login(two.app, email, 'guess')).statusCode).toBe(401);
      expect((await login(one.app, email, 'guess')).statusCode).toBe(429);
    } finally {
      await two.app.close();
      await one.close();
    }
  });
});
