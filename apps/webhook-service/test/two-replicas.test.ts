import {
  createOwnVhost,
  recordStoreCommands,
  startTestIssuer,
  unique,
  waitFor,
  type OwnVhost,
  type StoreCommandLog,
  type TestIssuer,
} from '@shopwire/testing';
import { startReceiver, type Receiver } from './support/receiver';
import {
  clientWith,
  confirmedData,
  publish,
  removeServiceData,
  startWebhookService,
  type AdminClient,
  type TestService,
} from './support/webhook-service';

const PER_REPLICA = 8;

interface EndpointBody {
  id: string;
  description?: string;
  eventTypes: string[];
}

// Two replicas on one database and one queue, as two pods of webhook-service run: on FerretDB an update is a read
// and a write, so edits two replicas make of one shared document at once can lose one.
describe('two webhook-service replicas editing endpoints at the same time', () => {
  let issuer: TestIssuer;
  let vhost: OwnVhost;
  let receiver: Receiver;
  let replicas: TestService[];
  let admins: AdminClient[];

  beforeAll(async () => {
    [issuer, vhost, receiver] = await Promise.all([startTestIssuer(), createOwnVhost(), startReceiver()]);
    const shared = {
      issuer,
      db: unique('webhooks-replicas'),
      consumerName: unique('webhook-replicas'),
      env: { AMQP_URL: vhost.amqpUrl, WEBHOOK_ALLOWED_HOSTS: receiver.host },
    };
    replicas = [await startWebhookService(shared), await startWebhookService(shared)];
    admins = await Promise.all(replicas.map((r) => clientWith(r.app, issuer, ['admin'])));
  });
  afterAll(async () => {
    await Promise.all((replicas ?? []).map((r) => r.close()));
    if (replicas?.[0]) await removeServiceData(replicas[0], vhost.amqpUrl);
    await vhost?.remove();
    await receiver?.close();
    await issuer?.close();
  });

  const listed = async (admin: AdminClient): Promise<EndpointBody[]> =>
    (await admin.get('/api/v1/webhooks/endpoints?limit=100')).json<{ items: EndpointBody[] }>().items;

  it('when both create, change and delete endpoints concurrently, then every edit holds on both, and events reach exactly the endpoints left', async () => {
    const [a, b] = admins as [AdminClient, AdminClient];
    // Catching up with the other replica reads by _id too; the sweep's due-list query is a background job's.
    const background = ['outbox_pointers', 'job_leases', 'deliveries_due'];
    const logs: StoreCommandLog[] = replicas.map((r) => recordStoreCommands(r.app.mongo.getClient(), r.db));
    const create = async (admin: AdminClient, n: number): Promise<string> => {
      const res = await admin.post('/api/v1/webhooks/endpoints', {
        url: receiver.url,
        eventTypes: ['order.placed'],
        description: `created ${n}`,
      });
      expect(res.statusCode).toBe(201);
      const body = res.json<{ id: string; secret: string }>();
      receiver.secrets.push(body.secret);
      return body.id;
    };

    const ids = await Promise.all(Array.from({ length: 2 * PER_REPLICA }, (_, n) => create(n % 2 === 0 ? a : b, n)));
    // Each replica changes the endpoints the other created, and deletes two of its own, all at once.
    const changes = await Promise.all(
      ids.map((id, n) =>
        (n % 2 === 0 ? b : a).patch(`/api/v1/webhooks/endpoints/${id}`, {
          description: `changed ${n}`,
          eventTypes: ['order.placed', 'order.confirmed'],
        }),
      ),
    );
    const deleted = [ids[0], ids[1], ids[2], ids[3]] as string[];
    const deletes = await Promise.all(
      deleted.map((id, n) => (n % 2 === 0 ? a : b).delete(`/api/v1/webhooks/endpoints/${id}`)),
    );

    expect(changes.map((c) => c.statusCode)).toEqual(ids.map(() => 200));
    expect(deletes.map((d) => d.statusCode)).toEqual(deleted.map(() => 204));
    const kept = ids.filter((id) => !deleted.includes(id));
    const expected = kept
      .map((id) => ({ id, description: `changed ${ids.indexOf(id)}`, eventTypes: ['order.placed', 'order.confirmed'] }))
      .sort((x, y) => x.id.localeCompare(y.id));
    for (const admin of [a, b]) {
      const items = (await listed(admin)).map(({ id, description, eventTypes }) => ({ id, description, eventTypes }));
      expect(items).toEqual(expected);
    }

    // Events taken by either replica (one queue) go to every endpoint left, once each, and to none deleted.
    const events = [];
    for (let i = 0; i < 6; i++) events.push(await publish('order.confirmed', confirmedData(), vhost.amqpUrl));
    await waitFor(() => receiver.received.length >= events.length * kept.length, {
      timeoutMs: 20000,
      description: 'every event at every endpoint left',
    });
    const deliveredTo = new Map<string, number>();
    for (const r of receiver.received)
      for (const secret of r.verifiedWith) deliveredTo.set(secret, (deliveredTo.get(secret) ?? 0) + 1);
    expect(receiver.received).toHaveLength(events.length * kept.length);
    expect([...deliveredTo.values()]).toEqual(kept.map(() => events.length));

    // Each endpoint's log, numbered by both replicas, lists each event once, whichever replica is asked.
    for (const id of kept) {
      const log = await waitFor(
        async () => {
          const items = (
            await (id === kept[0] ? a : b).get(`/api/v1/webhooks/endpoints/${id}/deliveries?limit=100`)
          ).json<{ items: Array<{ eventId: string; state: string }> }>().items;
          return items.length === events.length && items.every((d) => d.state === 'delivered') ? items : undefined;
        },
        { description: `the log of ${id}` },
      );
      expect(log.map((d) => d.eventId).sort()).toEqual(events.map((e) => e.id).sort());
    }
    for (const log of logs) {
      log.stop();
      expect(log.offending({ exceptCollections: background })).toEqual([]);
    }
  });
});
