import { STREAMS } from '@shopwire/contracts';
import { waitFor, type ServiceName } from '@shopwire/testing';
import { PROCESS_NAMES, type FaultRig } from './rig';

export interface Unquiet {
  pendingOrders: number;
  busyReservations: number;
  pendingEmails: number;
  outboxes: number;
  queuedMessages: number;
}

const BUSY_RESERVATIONS = ['reserving', 'rejecting', 'selling', 'settling', 'releasing'];

/** What is still on its way: events in outboxes or queues (retry tiers included), orders and emails not settled. */
export async function unquiet(rig: FaultRig): Promise<Unquiet> {
  const db = (name: ServiceName) => rig.db.db(rig.system.databases[name]);
  let outboxes = 0;
  for (const name of PROCESS_NAMES.filter((n) => n !== 'api-gateway')) {
    for (const { name: collection } of await db(name).listCollections({}, { nameOnly: true }).toArray()) {
      outboxes += await db(name)
        .collection(collection)
        .countDocuments({ 'outbox.0': { $exists: true } });
    }
  }
  const queues = await rig.broker.queues();
  return {
    pendingOrders: await db('order-service').collection('orders').countDocuments({ status: 'pending' }),
    busyReservations: await db('catalog-service')
      .collection('reservations')
      .countDocuments({ state: { $in: BUSY_RESERVATIONS } }),
    pendingEmails: await db('notification-service')
      .collection('notifications')
      .countDocuments({ 'email.status': { $in: ['pending', 'committing'] } }),
    outboxes,
    // A stream (user.access) keeps every entry for its retention by design: what it holds is not on its way.
    queuedMessages: queues
      .filter((q) => !q.name.endsWith('.dlq') && !Object.hasOwn(STREAMS, q.name))
      .reduce((sum, q) => sum + q.messages, 0),
  };
}

export interface Quiet {
  reached: boolean;
  waitedMs: number;
  /** What was still on its way at the last look (all zero when quiet). */
  last: Unquiet;
}

/**
 * Polls until nothing is on its way, twice in a row. The retry tiers reach 60 s (an email claim of 30 s fits inside
 * them), so the deadline should allow for one event going through every tier.
 */
export async function waitForQuiet(rig: FaultRig, timeoutMs: number): Promise<Quiet> {
  const started = performance.now();
  let last = await unquiet(rig);
  let streak = 0;
  const reached = await waitFor(
    async () => {
      last = await unquiet(rig);
      streak = Object.values(last).every((n) => n === 0) ? streak + 1 : 0;
      return streak >= 2;
    },
    { timeoutMs, intervalMs: 1000, description: 'the system to go quiet' },
  ).catch(() => false);
  return { reached, waitedMs: performance.now() - started, last };
}
