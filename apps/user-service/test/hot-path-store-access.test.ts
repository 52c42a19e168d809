import { mongo } from 'mongoose';
import {
  recordStoreCommands,
  sampleAddress,
  testEnv,
  unique,
  waitFor,
  type CollectedEvents,
  type StoreCommandLog,
} from '@shopwire/testing';
import {
  bearer,
  json,
  postLogin,
  postLogout,
  postRefresh,
  useUserService,
  type TestUserService,
} from './support/user-service';

describe('user-service hot paths touch the store only by _id or by inserts', () => {
  let service: TestUserService;
  let events: CollectedEvents;
  let log: StoreCommandLog;
  // A connection of the test's own, so its checks are not among the recorded commands.
  let probe: mongo.MongoClient;

  // Declared first, so they run before the service's own afterAll closes it.
  afterAll(async () => {
    log?.stop();
    await probe?.close();
  });
  useUserService(['user.*'], async (started, collected) => {
    [service, events] = [started, collected];
    probe = await new mongo.MongoClient(testEnv.mongoUrl).connect();
    const { models } = service.deps;
    // Start-up work, not a request's: the models' collections and indexes, and the key migration's marker.
    await Promise.all([models.users.init(), models.emails.init(), models.sessions.init()]);
    await waitFor(
      () =>
        probe
          .db(service.app.mongo.name)
          .collection('migrations')
          .findOne({ _id: 'email-keys' as never }),
      { description: 'the account set-up to finish' },
    );
    // The relay's periodic sweep of in-flight pointers is not the work of one request.
    log = recordStoreCommands(service.app.mongo.getClient(), {
      dbName: service.app.mongo.name,
      exceptCollections: ['outbox_pointers', 'job_leases'],
    });
  });

  it('when a customer registers, logs in, refreshes, reads and changes the profile and addresses, logs out and deletes the account, then every command is an insert or names one document by _id', async () => {
    const inject = service.app.inject.bind(service.app);
    const step = log.step;
    const email = `${unique('Hot')}@Example.com`;
    const password = 'correct-horse-battery';

    const userId = await step('register', async () => {
      const res = await inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        ...json({ email, password, name: 'Hot Path' }),
      });
      expect(res.statusCode).toBe(201);
      const id = res.json().id as string;
      await events.waitFor((e) => e.type === 'user.registered' && (e.data as { userId: string }).userId === id);
      return id;
    });
    await step('register again', async () => {
      expect(
        (
          await inject({
            method: 'POST',
            url: '/api/v1/auth/register',
            ...json({ email: email.toLowerCase(), password, name: 'Twin' }),
          })
        ).statusCode,
      ).toBe(409);
    });
    const first = await step('login', async () => {
      const res = await postLogin(service.app, { email, password });
      expect(res.statusCode).toBe(200);
      return res.json() as { accessToken: string; refreshToken: string };
    });
    await step('login with a wrong password', async () => {
      expect((await postLogin(service.app, { email, password: 'wrong-password' })).statusCode).toBe(401);
    });
    await step('refresh', async () => {
      expect((await postRefresh(service.app, first.refreshToken)).statusCode).toBe(200);
    });
    await step('refresh with a spent token', async () => {
      expect((await postRefresh(service.app, first.refreshToken)).statusCode).toBe(401);
    });
    const logIn = async () =>
      (await postLogin(service.app, { email, password })).json() as {
        accessToken: string;
        refreshToken: string;
      };
    const session = await step('login again', logIn);
    const otherDevice = await step('login on another device', logIn);
    const auth = { headers: { ...bearer(session.accessToken), 'content-type': 'application/json' } };
    await step('GET /users/me', async () => {
      expect(
        (await inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(session.accessToken) })).json(),
      ).toMatchObject({ id: userId, name: 'Hot Path' });
    });
    await step('PATCH /users/me', async () => {
      expect(
        (
          await inject({
            method: 'PATCH',
            url: '/api/v1/users/me',
            ...auth,
            payload: JSON.stringify({ name: 'Renamed' }),
          })
        ).json(),
      ).toMatchObject({ name: 'Renamed' });
      await events.waitFor((e) => e.type === 'user.updated' && (e.data as { userId: string }).userId === userId);
    });
    const address = await step('POST /users/me/addresses', async () => {
      const res = await inject({
        method: 'POST',
        url: '/api/v1/users/me/addresses',
        ...auth,
        payload: JSON.stringify(sampleAddress()),
      });
      expect(res.statusCode).toBe(201);
      return res.json() as { id: string };
    });
    await step('DELETE /users/me/addresses/:id', async () => {
      expect(
        (
          await inject({
            method: 'DELETE',
            url: `/api/v1/users/me/addresses/${address.id}`,
            headers: bearer(session.accessToken),
          })
        ).statusCode,
      ).toBe(204);
    });
    await step('logout', async () => {
      expect((await postLogout(service.app, session.refreshToken)).statusCode).toBe(204);
    });
    await step('DELETE /users/me', async () => {
      expect(
        (await inject({ method: 'DELETE', url: '/api/v1/users/me', headers: bearer(session.accessToken) })).statusCode,
      ).toBe(204);
      await events.waitFor((e) => e.type === 'user.deleted' && (e.data as { userId: string }).userId === userId);
    });
    await step('refresh after deletion', async () => {
      expect((await postRefresh(service.app, otherDevice.refreshToken)).statusCode).toBe(401);
    });

    expect(log.offendingByStep()).toEqual(Object.fromEntries([...log.steps.keys()].map((name) => [name, []])));
    // Not vacuous: the login found the account through its email's key, by _id.
    expect(log.steps.get('login')?.commands).toEqual(
      expect.arrayContaining([{ name: 'find', collection: 'emails', filters: [{ _id: email.toLowerCase() }] }]),
    );
  });
});
