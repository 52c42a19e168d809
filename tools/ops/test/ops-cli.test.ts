import { randomUUID } from 'node:crypto';
import { createEvent } from '@shopwire/contracts';
import { publishTestEvent, testEnv, waitFor, waitForReady } from '@shopwire/testing';
import { queuesOf } from '@shopwire/messaging';
import { effectCounter, queueDepth, startTestService, type TestService } from '@shopwire/messaging/testing';
import { runOps } from '../src/ops-cli';
import { runOpsProcess } from './support/ops-process';

const meta = { source: 'user-service', correlationId: 'corr-ops-test' };

async function opsInProcess(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runOps(
    args,
    { out: (l) => void (out += `${l}\n`), err: (l) => void (err += `${l}\n`) },
    { AMQP_URL: testEnv.amqpUrl, MONGO_URL: testEnv.mongoUrl, ...env },
  );
  return { code, out, err };
}

describe('ops CLI', () => {
  let svc: TestService;
  let effects: Awaited<ReturnType<typeof effectCounter>>;
  let env: Record<string, string>;
  let healed = false;

  beforeEach(async () => {
    healed = false;
    effects = await effectCounter();
    svc = await startTestService({
      relay: false,
      handlers: {
        'user.registered': async (event) => {
          if (!healed) throw new Error('mail server down');
          await effects.apply(event.data.userId);
        },
      },
    });
    env = { OPS_SERVICES: `${svc.service}=${svc.db}`, AMQP_URL: testEnv.amqpUrl, MONGO_URL: testEnv.mongoUrl };
    await waitForReady(svc.app);
  });

  afterEach(async () => {
    await svc.app.close();
    await svc.cleanUp();
    await effects.close();
  });

  it('when a dead letter is replayed with `npm run ops -- dlq replay --id`, then the fixed handler handles it and the DLQ is empty', async () => {
    const userId = randomUUID();
    const event = createEvent('user.registered', { userId, email: `${userId}@example.com`, name: 'Linus' }, meta);
    await publishTestEvent(event, { queue: queuesOf(svc.service).main });
    const listed = await waitFor(
      async () => {
        const res = await opsInProcess(['dlq', 'list', svc.service, '--json'], env);
        const letters = JSON.parse(res.out) as Array<{ id: string; reason: string; error: string; attempt: number }>;
        return letters.find((l) => l.id === event.id);
      },
      { timeoutMs: 30000, description: 'the event in the DLQ' },
    );
    expect(listed).toMatchObject({ reason: 'handler-failed', error: 'mail server down', attempt: 3 });

    healed = true;
    const replay = await runOpsProcess(['dlq', 'replay', svc.service, '--id', event.id], env);

    expect(replay.stdout).toContain(`replayed 1 dead letter(s) to ${svc.service}.events`);
    expect(replay.code).toBe(0);
    await waitFor(async () => (await effects.count(userId)) === 1, {
      timeoutMs: 20000,
      description: 'the replayed event to be handled',
    });
    expect(await queueDepth(queuesOf(svc.service).dlq)).toBe(0);
  });

  it('when events wait in an outbox, then `outbox status` shows the backlog and age per collection', async () => {
    const userId = randomUUID();
    const events = [1, 2].map(() =>
      createEvent('user.updated', { userId, email: `${userId}@example.com`, name: 'Ken' }, meta),
    );
    await svc.app.store.insert(svc.Account, { _id: userId, email: `${userId}@example.com`, outbox: events });

    const res = await opsInProcess(['outbox', 'status', '--json'], env);

    expect(res.code).toBe(0);
    expect(JSON.parse(res.out)).toEqual([
      {
        service: svc.service,
        database: svc.db,
        collection: 'accounts',
        backlog: 2,
        oldestAgeSeconds: expect.any(Number),
      },
    ]);
  });

  it('when listing queues, then the service queues show their depth and consumers', async () => {
    const res = await opsInProcess(['queues', '--json'], env);

    expect(res.code).toBe(0);
    expect(JSON.parse(res.out)).toEqual([
      { queue: `${svc.service}.events`, messages: 0, consumers: 1 },
      { queue: `${svc.service}.events.retry.1`, messages: 0, consumers: 0 },
      { queue: `${svc.service}.events.retry.2`, messages: 0, consumers: 0 },
      { queue: `${svc.service}.events.dlq`, messages: 0, consumers: 0 },
    ]);
  });

  it('when the DLQ is purged, then it is empty and the count is printed', async () => {
    await publishTestEvent(createEvent('user.registered', { userId: 'u', email: 'u@example.com', name: 'U' }, meta), {
      queue: queuesOf(svc.service).dlq,
    });

    const res = await opsInProcess(['dlq', 'purge', svc.service], env);

    expect(res).toMatchObject({ code: 0, out: `purged 1 dead letter(s) from ${svc.service}.events.dlq\n` });
    expect(await queueDepth(queuesOf(svc.service).dlq)).toBe(0);
  });

  it('when the command, service or options are wrong, then it exits 2 with a clear message; a missing id exits 1', async () => {
    expect(await opsInProcess(['dlq', 'frobnicate', svc.service], env)).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown command "dlq frobnicate'),
    });
    expect(await opsInProcess(['dlq', 'list', 'nobody'], env)).toMatchObject({
      code: 2,
      err: expect.stringContaining(`unknown service "nobody"; known: ${svc.service}`),
    });
    expect(await opsInProcess(['dlq', 'replay', svc.service], env)).toMatchObject({
      code: 2,
      err: expect.stringContaining('needs either --id'),
    });
    expect(await opsInProcess(['queues'], { ...env, AMQP_URL: 'http://nope' })).toMatchObject({
      code: 2,
      err: expect.stringContaining('AMQP_URL'),
    });
    expect(await opsInProcess(['dlq', 'replay', svc.service, '--id', 'no-such-event'], env)).toMatchObject({
      code: 1,
      err: expect.stringContaining('not found'),
    });
  });
});
