import mongoose from 'mongoose';
import {
  builtService,
  createOwnVhost,
  startTestIssuer,
  testEnv,
  unique,
  waitFor,
  type BuiltService,
  type OwnVhost,
  type RunningProcess,
  type TestIssuer,
} from '@shopwire/testing';
import { startReceiver, type Receiver } from './support/receiver';
import { confirmedData, publish } from './support/webhook-service';

const EVENTS = 5;

interface LoggedDelivery {
  eventId: string;
  state: string;
  attemptCount: number;
  attempts: Array<{ status?: number; error?: string }>;
}

// The built service, run as its container runs it, so it can be killed with -9 while partners hold its requests.
describe('webhook-service killed with deliveries in flight', () => {
  let vhost: OwnVhost;
  let issuer: TestIssuer;
  let receiver: Receiver;
  let holding = true;
  const db = unique('webhooks-crash');
  let built: BuiltService;
  let service: RunningProcess | undefined;

  beforeAll(async () => {
    [vhost, issuer] = await Promise.all([createOwnVhost(), startTestIssuer()]);
    receiver = await startReceiver(() => (holding ? 'hang' : 200));
    built = await builtService('webhook-service', {
      db,
      amqpUrl: vhost.amqpUrl,
      jwksUrl: issuer.jwksUrl,
      env: {
        WEBHOOK_ALLOWED_HOSTS: receiver.host,
        WEBHOOK_TIMEOUT_MS: '3000',
        WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT: '10',
        WEBHOOK_RETRY_SCHEDULE_MS: '200,400,800',
        WEBHOOK_SWEEP_EVERY_MS: '100',
      },
    });
  });
  afterAll(async () => {
    await service?.stop('SIGTERM', 12000).catch(() => undefined);
    const store = await mongoose.createConnection(testEnv.mongoUrl, { dbName: db }).asPromise();
    await store.dropDatabase().catch(() => undefined);
    await store.close();
    await receiver?.close();
    await issuer?.close();
    await vhost?.remove();
  });

  const start = (): Promise<RunningProcess> => built.start();

  it('when it is killed while the partner holds every request, then after the restart each event is delivered and the log shows the interrupted attempt', async () => {
    service = await start();
    const headers = {
      authorization: `Bearer ${await issuer.sign({ sub: 'admin-1', roles: ['admin'] })}`,
      'content-type': 'application/json',
    };
    const base = `${built.url}/api/v1/webhooks`;
    const created = (await (
      await fetch(`${base}/endpoints`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ url: receiver.url, eventTypes: ['order.confirmed'] }),
      })
    ).json()) as { id: string; secret: string };
    receiver.secrets.push(created.secret);
    const events: Array<{ id: string }> = [];
    for (let i = 0; i < EVENTS; i++) events.push(await publish('order.confirmed', confirmedData(), vhost.amqpUrl));
    await waitFor(() => new Set(receiver.seen).size === EVENTS, {
      timeoutMs: 15000,
      description: 'every event sent and held by the partner',
    });

    await service.stop('SIGKILL');
    holding = false;
    service = await start();

    await waitFor(() => events.every((e) => receiver.received.some((r) => r.id === e.id)), {
      timeoutMs: 30000,
      description: 'every event delivered after the restart',
    });
    const log = await waitFor(
      async () => {
        const body = (await (await fetch(`${base}/endpoints/${created.id}/deliveries`, { headers })).json()) as {
          items: LoggedDelivery[];
        };
        return body.items.length === EVENTS && body.items.every((d) => d.state === 'delivered')
          ? body.items
          : undefined;
      },
      { timeoutMs: 15000, description: 'the log to show every delivery delivered' },
    );
    expect(log.map((d) => d.eventId).sort()).toEqual(events.map((e) => e.id).sort());
    for (const delivery of log) {
      expect(delivery.attempts.map((a) => a.status ?? a.error?.split(':')[0])).toEqual(['interrupted', 200]);
    }
    // Each event reached the partner twice under one webhook-id: the duplicates at-least-once allows, which it can drop.
    for (const event of events) expect(receiver.seen.filter((id) => id === event.id)).toHaveLength(2);
  }, 60000);
});
