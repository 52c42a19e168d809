import { randomBytes } from 'node:crypto';
import { waitFor } from '@shopwire/testing';
import { newAccount, postRefresh, startUserService, type TestUserService } from './support/user-service';

const HOUR_MS = 3600000;

describe('retention of refresh tokens (spent and expired logins, by a job)', () => {
  let svc: TestUserService;

  beforeAll(async () => {
    svc = await startUserService({ RETENTION_EVERY_MS: '200' });
  });
  afterAll(async () => {
    await svc?.close();
  });

  const ago = (ms: number) => new Date(Date.now() - ms);
  const session = (over: Record<string, unknown>) => ({
    _id: randomBytes(16).toString('base64url'),
    userId: 'user-retention',
    tokenHash: randomBytes(32).toString('hex'),
    previousTokenHash: null,
    expiresAt: new Date(Date.now() + 30 * 24 * HOUR_MS),
    rotations: 0,
    revokedAt: null,
    revokedReason: null,
    createdAt: ago(40 * 24 * HOUR_MS),
    updatedAt: ago(HOUR_MS),
    ...over,
  });

  it('when expired, long-revoked and live logins are seeded, then only the expired and long-revoked are removed and a live login still refreshes', async () => {
    const account = await newAccount(svc.app);
    const sessions = svc.deps.models.sessions.collection;
    const expired = session({ expiresAt: ago(HOUR_MS) });
    const revokedLongAgo = session({ revokedAt: ago(2 * 24 * HOUR_MS), revokedReason: 'logout' });
    const revokedRecently = session({ revokedAt: ago(HOUR_MS), revokedReason: 'reuse' });
    const live = session({});
    await sessions.insertMany([expired, revokedLongAgo, revokedRecently, live] as never[]);

    await waitFor(
      async () => (await sessions.countDocuments({ _id: { $in: [expired._id, revokedLongAgo._id] } } as never)) === 0,
      {
        timeoutMs: 20000,
        description: 'the expired and long-revoked logins to be removed',
      },
    );

    const left = await sessions.find({ _id: { $in: [revokedRecently._id, live._id] } } as never).toArray();
    expect(left.map((s) => s._id).sort()).toEqual([revokedRecently._id, live._id].sort());
    const refreshed = await postRefresh(svc.app, account.refreshToken);
    expect(refreshed.statusCode).toBe(200);
  });
});
