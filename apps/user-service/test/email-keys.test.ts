import { mongo } from 'mongoose';
import { testEnv, unique, waitFor } from '@shopwire/testing';
import { hashPassword } from '../src/auth/passwords';
import { json, postLogin, startUserService, type TestUserService } from './support/user-service';

// An email is the _id of its key in `emails`, written before the user it names: what a crash between the two leaves.
describe("emails as keys: a crash between the key and the account's write", () => {
  let service: TestUserService;
  let probe: mongo.MongoClient;
  let db: mongo.Db;
  const password = 'password-123';

  beforeAll(async () => {
    service = await startUserService();
    probe = await new mongo.MongoClient(testEnv.mongoUrl).connect();
    db = probe.db(service.app.mongo.name);
  });
  afterAll(async () => {
    await probe?.close();
    await service?.close();
  });

  const register = (email: string, name = 'Key Test') =>
    service.app.inject({ method: 'POST', url: '/api/v1/auth/register', ...json({ email, password, name }) });
  const login = (email: string) => postLogin(service.app, { email, password });
  const accountsWith = (email: string) =>
    db.collection('users').countDocuments({ emailNormalized: email.toLowerCase() });

  it('when a registration died after writing the key and before the account, then the email registers, logs in, and a second registration is refused', async () => {
    const email = `${unique('orphan')}@example.com`;
    const orphanId = new mongo.ObjectId().toHexString();
    await db.collection<{ _id: string; userId: string }>('emails').insertOne({ _id: email, userId: orphanId });

    const res = await register(email);

    expect(res.statusCode).toBe(201);
    expect(res.json().id).toBe(orphanId);
    expect((await login(email)).statusCode).toBe(200);
    expect((await register(email)).statusCode).toBe(409);
    expect(await accountsWith(email)).toBe(1);
  });

  it('when a deletion died after anonymising the account and before freeing its key, then the email registers a new account', async () => {
    const email = `${unique('undeleted')}@example.com`;
    const old = (await register(email)).json();
    await db
      .collection('users')
      .updateOne(
        { _id: new mongo.ObjectId(old.id as string) },
        { $set: { emailNormalized: `deleted:${old.id}`, deletedAt: new Date(), passwordHash: null } },
      );

    const res = await register(email);

    expect(res.statusCode).toBe(201);
    expect(res.json().id).not.toBe(old.id);
    expect((await login(email)).json().accessToken).toEqual(expect.any(String));
    expect(await db.collection('emails').findOne({ _id: email as never })).toEqual({
      _id: email,
      userId: res.json().id,
    });
  });

  it('when one email is registered several times at once, then exactly one account exists', async () => {
    const email = `${unique('race')}@example.com`;

    const statuses = (
      await Promise.all([register(email, 'A'), register(email.toUpperCase(), 'B'), register(email, 'C')])
    )
      .map((r) => r.statusCode)
      .sort();

    expect(statuses).toEqual([201, 409, 409]);
    expect(await accountsWith(email)).toBe(1);
  });

  it('when accounts from before the email keys exist, then they get their keys at start-up and log in', async () => {
    const dbName = unique('users-old');
    const email = `${unique('veteran')}@example.com`;
    const now = new Date();
    const old = probe.db(dbName);
    await old.collection('users').insertOne({
      email,
      emailNormalized: email,
      name: 'Veteran',
      passwordHash: await hashPassword(password),
      roles: ['customer'],
      addresses: [],
      deletedAt: null,
      createdAt: now,
      updatedAt: now,
      outbox: [],
      __v: 0,
    });
    const upgraded = await startUserService({ MONGO_DB: dbName });
    try {
      const res = await waitFor(
        async () => {
          const attempt = await postLogin(upgraded.app, { email, password });
          return attempt.statusCode === 200 ? attempt : undefined;
        },
        { timeoutMs: 20000, description: 'the old account to log in' },
      );
      expect(res.json().refreshToken).toEqual(expect.any(String));
      expect(
        (
          await upgraded.app.inject({
            method: 'POST',
            url: '/api/v1/auth/register',
            ...json({ email, password, name: 'Twin' }),
          })
        ).statusCode,
      ).toBe(409);
    } finally {
      await upgraded.close();
    }
  });
});
