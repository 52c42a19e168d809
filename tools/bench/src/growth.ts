import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { mongo } from 'mongoose';
import { httpRun, type HttpFigures } from './http-bench';
import { sagaStep, type SagaStep } from './saga-bench';

/** How many orders the grown store holds: the issue's "a shop that has taken 20,000 orders". */
export const HISTORY_ORDERS = 20_000;
/** Their customers: 20 orders each, so per-user collections (inbox, sequences) grow too. */
const HISTORY_USERS = 1_000;
/** The history spreads over this many days before now. */
const HISTORY_DAYS = 180;
/** The orders of the last two days are confirmed but not yet shipped: their stock stays held on the products. */
const UNSHIPPED_DAYS = 2;
const BATCH = 1_000;
const DAY_MS = 86_400_000;
/**
 * How long the bench waits for the backlog of figure 4 (which stops at the first rate the system does not keep
 * up with) and then of the fresh step to clear before the next measurement: long enough for a message in the
 * last retry tier (60 s by default) to come back and be handled; the whole bench stays within about 6 minutes.
 */
const DRAIN_AFTER_FIGURE_4_MS = 90_000;
const DRAIN_BEFORE_FILL_MS = 60_000;
const run = promisify(execFile);

export interface GrowthPoint {
  /** GET /api/v1/products/:id of `products.detail` straight at catalog-service, 10 connections, as fast as it answers. */
  detail: HttpFigures;
  /** POST /orders → order.confirmed at a fixed rate. */
  saga: SagaStep;
  /** False when the backlog of what ran before had not cleared within the drain timeout when this started. */
  startedIdle: boolean;
  /**
   * Share of the machine's CPU time (all cores) that was busy in the second before the measurement started: the
   * system is quiet by then, so what is busy is mostly other work on the machine, which no ratio can cancel.
   */
  machineBusyBefore: number;
  /**
   * Messages still in each service's queues when the saga step ended (see queuedMessages): work the saga's
   * latency does not include, such as the customer's notification and email after order.confirmed.
   */
  queuedAfterSaga: Record<string, number>;
}

export interface HistoryFill {
  orders: number;
  users: number;
  seconds: number;
  /** Documents inserted per `<database role>.<collection>`. */
  documents: Record<string, number>;
  /** Catalog products whose sold count and holds the history updated. */
  productsUpdated: number;
}

export interface GrowthFigures {
  historyOrders: number;
  sagaRate: number;
  /** Made for figure 6 before the history: the detail's (no bench order buys it) and each saga step's own. */
  products: { detail: string; freshSaga: string; grownSaga: string };
  fresh: GrowthPoint;
  grown: GrowthPoint;
  fill: HistoryFill;
  /** Every ratio reads "times worse with history": 1.0 is no cost from the data, the goal is <= 1.2. */
  ratios: { sagaP50AfterOverBefore: number; sagaP99AfterOverBefore: number; detailRpsBeforeOverAfter: number };
}

export interface GrowthOptions {
  gatewayUrl: string;
  catalogUrl: string;
  amqpUrl: string;
  mongoUrl: string;
  /** The databases (MONGO_DB) the services were started with. */
  databases: { order: string; catalog: string; notification: string };
  tokens: string[];
  /** Creates a product with plenty of stock through the API and returns its id. */
  newProduct: () => Promise<string>;
  sagaRate: number;
  seconds: number;
  log: (line: string) => void;
}

/**
 * Figure 6, cost as data grows: catalog detail and the order saga on the store as it is, then the same after
 * HISTORY_ORDERS orders of history are written straight into each service's database, in the same run.
 */
export async function growthBench(opts: GrowthOptions): Promise<GrowthFigures> {
  const client = await mongo.MongoClient.connect(opts.mongoUrl);
  try {
    // Products of figure 6's own, made before the history so that the history buys them like any other. Every
    // bench order stays confirmed (nothing ships it), so its hold stays on the product it bought and that product's
    // document grows with each order: the product of figure 4 carries hundreds of holds by now. So the detail is
    // read from a product no bench order buys, and each saga step buys a product no earlier step bought; what
    // differs between the two measurements is the history.
    const products = {
      detail: await opts.newProduct(),
      freshSaga: await opts.newProduct(),
      grownSaga: await opts.newProduct(),
    };
    const measure = async (label: string, sagaProductId: string, startedIdle: boolean): Promise<GrowthPoint> => {
      const machineBusyBefore = await cpuBusy(1000);
      opts.log(
        `growth (${label}): catalog detail (machine ${(machineBusyBefore * 100).toFixed(0)} % busy the second before)`,
      );
      const detail = await httpRun(`${opts.catalogUrl}/api/v1/products/${products.detail}`, { seconds: opts.seconds });
      opts.log(`growth (${label}): order saga at ${opts.sagaRate}/s`);
      const saga = await sagaStep({
        gatewayUrl: opts.gatewayUrl,
        amqpUrl: opts.amqpUrl,
        tokens: opts.tokens,
        productId: sagaProductId,
        rate: opts.sagaRate,
        seconds: opts.seconds,
        settleMs: 10000,
      });
      const queuedAfterSaga = await queuedMessages(opts.amqpUrl);
      opts.log(
        `  detail ${detail.rps.toFixed(0)} req/s; saga ${saga.confirmed}/${saga.placed} confirmed, p50 ${saga.p50Ms.toFixed(0)} ms p99 ${saga.p99Ms.toFixed(0)} ms; still queued: ${JSON.stringify(queuedAfterSaga)}`,
      );
      return { detail, saga, startedIdle, machineBusyBefore, queuedAfterSaga };
    };
    // Each measurement starts from a quiet system: the backlog of figure 4 (or of the fresh step) has cleared, so
    // no order of an earlier step is still moving, and order-service has its copies of the new products. The fill
    // publishes nothing, so the quiet lasts across it.
    const dbs = [
      client.db(opts.databases.order),
      client.db(opts.databases.catalog),
      client.db(opts.databases.notification),
    ];
    const fresh = await measure(
      'fresh store',
      products.freshSaga,
      await drain(opts.amqpUrl, dbs, DRAIN_AFTER_FIGURE_4_MS, opts.log),
    );
    const quietBeforeFill = await drain(opts.amqpUrl, dbs, DRAIN_BEFORE_FILL_MS, opts.log);
    opts.log(`growth: writing ${HISTORY_ORDERS} orders of history into the order, catalog and notification databases`);
    const fill = await fillHistory(client, opts.databases, HISTORY_ORDERS);
    opts.log(
      `  filled in ${fill.seconds.toFixed(1)} s: ${Object.entries(fill.documents)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    const grown = await measure(`${HISTORY_ORDERS} orders stored`, products.grownSaga, quietBeforeFill);
    return {
      historyOrders: HISTORY_ORDERS,
      sagaRate: opts.sagaRate,
      products,
      fresh,
      grown,
      fill,
      ratios: {
        sagaP50AfterOverBefore: grown.saga.p50Ms / fresh.saga.p50Ms,
        sagaP99AfterOverBefore: grown.saga.p99Ms / fresh.saga.p99Ms,
        detailRpsBeforeOverAfter: fresh.detail.rps / grown.detail.rps,
      },
    };
  } finally {
    await client.close();
  }
}

/**
 * Waits until the saga is quiet, twice in a row: no message in the services' queues, no pending order (in the
 * first database, order-service's) and no event waiting for a relay (outbox pointers). Only called before the
 * history is written, while those collections are small, so the counts are cheap.
 */
async function drain(
  amqpUrl: string,
  dbs: mongo.Db[],
  timeoutMs: number,
  log: (line: string) => void,
): Promise<boolean> {
  const started = performance.now();
  const deadline = started + timeoutMs;
  let quietPolls = 0;
  let last = '';
  while (performance.now() < deadline) {
    const queued = Object.entries(await queuedMessages(amqpUrl))
      .filter(([name]) => !name.endsWith(' dead'))
      .reduce((sum, [, count]) => sum + count, 0);
    const [orders] = dbs;
    const pending = orders ? await orders.collection('orders').countDocuments({ status: 'pending' }) : 0;
    let unpublished = 0;
    for (const db of dbs) unpublished += await db.collection('outbox_pointers').countDocuments({});
    last = `${queued} messages queued, ${pending} orders pending, ${unpublished} outbox pointers`;
    quietPolls = queued === 0 && pending === 0 && unpublished === 0 ? quietPolls + 1 : 0;
    if (quietPolls >= 2) {
      log(`  quiet after ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  log(`  not quiet after ${timeoutMs / 1000} s (${last}); measuring anyway`);
  return false;
}

/**
 * Messages in each service's queues: in its main queue, delivered but not yet acknowledged ones included
 * (`<service>`), waiting in a retry tier (`<service> retrying`) and dead-lettered (`<service> dead`), the last two
 * only when there are any. From rabbitmqctl, as the bench's vhost is made: AMQP only tells how many are ready.
 */
async function queuedMessages(amqpUrl: string): Promise<Record<string, number>> {
  const vhost = decodeURIComponent(new URL(amqpUrl).pathname.slice(1)) || '/';
  const { stdout } = await run('rabbitmqctl', [
    'list_queues',
    '-p',
    vhost,
    'name',
    'messages',
    '--formatter',
    'json',
    '-q',
  ]);
  const queued: Record<string, number> = {};
  for (const { name, messages } of JSON.parse(stdout) as { name: string; messages: number }[]) {
    const match = /^([\w-]+)\.events(\.retry\.\d+|\.dlq)?$/.exec(name);
    if (!match?.[1]) continue;
    const key = match[2] === '.dlq' ? `${match[1]} dead` : match[2] ? `${match[1]} retrying` : match[1];
    if (match[2] && messages === 0) continue;
    queued[key] = (queued[key] ?? 0) + messages;
  }
  return queued;
}

/** The busy share of all cores' time over `ms`, from /proc/stat (Linux); NaN elsewhere. */
export async function cpuBusy(ms: number): Promise<number> {
  const sample = (): { busy: number; total: number } | undefined => {
    try {
      const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
      const total = fields.reduce((a, b) => a + b, 0);
      // idle and iowait
      return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
    } catch {
      return undefined;
    }
  };
  const a = sample();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b = sample();
  return a && b && b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : Number.NaN;
}

interface CatalogProduct {
  _id: mongo.ObjectId;
  sku: string;
  name: string;
  price: { amount: number; currency: string };
}

interface PlannedOrder {
  id: mongo.ObjectId;
  user: number;
  lines: { product: number; quantity: number }[];
  placedAt: Date;
  shipped: boolean;
  /** Ids of the events of its saga, so each consumer's inbox records the ids the others do. */
  events: { placed: string; reserved: string; confirmed: string; shipped: string; delivered: string };
}

const pick = (n: number): number => Math.floor(Math.random() * n);

/**
 * Writes HISTORY_ORDERS finished orders into the three databases as the services would have left them: orders with
 * their payment and status history and an empty outbox, the test provider's charges, the reservations (settled,
 * or sold with the stock still held on the products for the unshipped tail), the notifications with their emails
 * sent, contacts and inbox counters, and an inbox record (processed_events) for every event each service consumed.
 * Today's saga handlers guard themselves and keep no inbox record, but a store that ran the versions before holds
 * them, and the handlers that still use the inbox look it up in that collection. Setup, not measured: insertMany
 * in batches, the three databases in parallel.
 */
export async function fillHistory(
  client: mongo.MongoClient,
  databases: GrowthOptions['databases'],
  count: number,
): Promise<HistoryFill> {
  const started = performance.now();
  const catalog = client.db(databases.catalog);
  const products = await catalog
    .collection<CatalogProduct>('products')
    .find({ active: true }, { projection: { sku: 1, name: 1, price: 1 } })
    .toArray();
  if (products.length === 0) throw new Error('growth: the catalog has no active product to make history with');
  const users = Array.from({ length: HISTORY_USERS }, () => randomBytes(12).toString('hex'));
  const now = Date.now();
  const span = HISTORY_DAYS * DAY_MS;
  const firstUnshipped = Math.floor(count * (1 - UNSHIPPED_DAYS / HISTORY_DAYS));
  const plan: PlannedOrder[] = Array.from({ length: count }, (_, i) => ({
    // Random, as the ids made from user and Idempotency-Key are; any ObjectId will do for history.
    id: new mongo.ObjectId(randomBytes(12)),
    user: pick(users.length),
    lines: Array.from({ length: 1 + pick(3) }, () => ({ product: pick(products.length), quantity: 1 + pick(3) })),
    placedAt: new Date(now - span + (i * span) / count),
    shipped: i < firstUnshipped,
    events: {
      placed: randomUUID(),
      reserved: randomUUID(),
      confirmed: randomUUID(),
      shipped: randomUUID(),
      delivered: randomUUID(),
    },
  }));
  const documents: Record<string, number> = {};
  let productsUpdated = 0;
  const writer = (db: mongo.Db, role: string) => {
    const buffers = new Map<string, mongo.Document[]>();
    const flush = async (name: string): Promise<void> => {
      const docs = buffers.get(name);
      if (!docs?.length) return;
      buffers.set(name, []);
      await db.collection(name).insertMany(docs, { ordered: false });
      documents[`${role}.${name}`] = (documents[`${role}.${name}`] ?? 0) + docs.length;
    };
    return {
      async add(name: string, doc: mongo.Document): Promise<void> {
        const docs = buffers.get(name) ?? [];
        docs.push(doc);
        buffers.set(name, docs);
        if (docs.length >= BATCH) await flush(name);
      },
      async end(): Promise<void> {
        for (const name of buffers.keys()) await flush(name);
      },
    };
  };
  const times = (o: PlannedOrder) => {
    const t = o.placedAt.getTime();
    return {
      placed: o.placedAt,
      confirmed: new Date(t + 1500),
      shipped: new Date(t + DAY_MS),
      delivered: new Date(t + 3 * DAY_MS),
    };
  };
  const lineOf = (l: PlannedOrder['lines'][number]) => {
    const p = products[l.product] as CatalogProduct;
    return {
      productId: p._id.toHexString(),
      sku: p.sku,
      name: p.name,
      quantity: l.quantity,
      unitPrice: p.price,
      lineTotal: { amount: p.price.amount * l.quantity, currency: p.price.currency },
    };
  };
  const totalOf = (o: PlannedOrder) => {
    const lines = o.lines.map(lineOf);
    return {
      lines,
      total: {
        amount: lines.reduce((sum, l) => sum + l.lineTotal.amount, 0),
        currency: lines[0]?.lineTotal.currency ?? 'EUR',
      },
    };
  };

  const fillOrders = async (): Promise<void> => {
    const w = writer(client.db(databases.order), 'orders');
    for (const o of plan) {
      const t = times(o);
      const { lines, total } = totalOf(o);
      const id = o.id.toHexString();
      const chargeId = `ch_${createHash('sha256').update(`ch:${id}`).digest('hex').slice(0, 24)}`;
      const history = [
        { status: 'pending', at: t.placed },
        { status: 'confirmed', at: t.confirmed },
        ...(o.shipped
          ? [
              { status: 'shipped', at: t.shipped },
              { status: 'delivered', at: t.delivered },
            ]
          : []),
      ];
      await w.add('orders', {
        _id: o.id,
        userId: users[o.user],
        idempotencyKey: `history-${randomUUID()}`,
        requestHash: createHash('sha256').update(id).digest('hex'),
        status: o.shipped ? 'delivered' : 'confirmed',
        items: lines,
        total,
        shippingAddress: {
          name: 'History Customer',
          line1: `${o.user + 1} Market Street`,
          city: 'Berlin',
          postalCode: '10115',
          country: 'DE',
        },
        payment: {
          method: 'card',
          chargeAttemptedAt: t.placed,
          charge: { id: chargeId, amount: total, at: t.confirmed },
        },
        history,
        confirmedAt: t.confirmed,
        confirmedDay: t.confirmed.toISOString().slice(0, 10),
        createdAt: t.placed,
        updatedAt: history[history.length - 1]?.at ?? t.placed,
        outbox: [],
      });
      await w.add('test_payments', { _id: chargeId, kind: 'charge', reference: id, amount: total, at: t.confirmed });
      await w.add('processed_events', { _id: `order:${o.events.reserved}`, at: t.placed });
    }
    await w.end();
  };

  const fillCatalog = async (): Promise<void> => {
    const w = writer(catalog, 'catalog');
    const holds = new Map<number, Record<string, unknown>>();
    const sold = new Map<number, number>();
    for (const o of plan) {
      const t = times(o);
      const id = o.id.toHexString();
      const state = o.shipped ? 'settled' : 'sold';
      for (const l of o.lines) {
        sold.set(l.product, (sold.get(l.product) ?? 0) + l.quantity);
        // A sale not yet shipped keeps its hold on the product, so a cancellation could give the stock back.
        if (!o.shipped)
          holds.set(l.product, { ...holds.get(l.product), [`holds.${id}`]: { quantity: l.quantity, state: 'sold' } });
      }
      await w.add('reservations', {
        _id: id,
        state,
        lines: o.lines.map((l) => ({
          productId: (products[l.product] as CatalogProduct)._id.toHexString(),
          quantity: l.quantity,
          state,
        })),
        createdAt: t.placed,
        updatedAt: o.shipped ? t.shipped : t.confirmed,
        outbox: [],
      });
      await w.add('processed_events', { _id: `catalog:${o.events.placed}`, at: t.placed });
      await w.add('processed_events', { _id: `catalog:${o.events.confirmed}`, at: t.confirmed });
      if (o.shipped) await w.add('processed_events', { _id: `catalog:${o.events.shipped}`, at: t.shipped });
    }
    await w.end();
    const productsCollection = catalog.collection<CatalogProduct>('products');
    for (const [index, quantity] of sold) {
      await productsCollection.updateOne(
        { _id: (products[index] as CatalogProduct)._id },
        { $inc: { 'stock.sold': quantity, version: 1 }, $set: { ...holds.get(index) } },
      );
    }
    productsUpdated = sold.size;
  };

  const fillNotifications = async (): Promise<void> => {
    const w = writer(client.db(databases.notification), 'notifications');
    const seq = new Array<number>(users.length).fill(0);
    const notify = async (
      user: number,
      eventId: string,
      at: Date,
      content: { type: string; title: string; body: string; order?: object },
    ): Promise<void> => {
      const userId = users[user] as string;
      seq[user] = (seq[user] ?? 0) + 1;
      await w.add('notifications', {
        // As notification-service derives it from the event and the user (notificationId), so a re-run finds it.
        _id: new mongo.ObjectId(
          createHash('sha256')
            .update(JSON.stringify([eventId, userId]))
            .digest()
            .subarray(0, 12),
        ),
        ...content,
        eventId,
        userId,
        seq: seq[user],
        inApp: true,
        readAt: now - at.getTime() > 7 * DAY_MS ? new Date(at.getTime() + 3_600_000) : null,
        createdAt: at,
        // Its insert claimed the email (claimedUntil); the email went out and the server confirmed it.
        email: {
          status: 'sent',
          claimedUntil: new Date(at.getTime() + 30_000),
          committedAt: at,
          sentAt: at,
          confirmed: true,
        },
      });
      await w.add('processed_events', { _id: `notification:${eventId}`, at });
    };
    const registeredAt = new Date(now - span - DAY_MS);
    for (const [user, userId] of users.entries()) {
      await w.add('contacts', {
        _id: userId,
        email: `history-${user}@example.test`,
        name: `History Customer ${user}`,
        asOf: registeredAt,
      });
      await notify(user, randomUUID(), registeredAt, {
        type: 'welcome',
        title: 'Welcome to Shopwire',
        body: `Welcome, History Customer ${user}! Your account is ready; we will keep you posted about your orders here.`,
      });
    }
    for (const o of plan) {
      const t = times(o);
      const { total } = totalOf(o);
      const id = o.id.toHexString();
      const steps: [string, string, string, string, Date][] = [
        ['order.confirmed', 'confirmed', 'confirmed', 'is confirmed and being prepared', t.confirmed],
      ];
      if (o.shipped)
        steps.push(
          ['order.shipped', 'shipped', 'shipped', 'is on its way', t.shipped],
          ['order.delivered', 'delivered', 'delivered', 'was delivered', t.delivered],
        );
      for (const [type, status, title, sentence, at] of steps) {
        const eventId =
          type === 'order.confirmed'
            ? o.events.confirmed
            : type === 'order.shipped'
              ? o.events.shipped
              : o.events.delivered;
        const amount = `€${(total.amount / 100).toFixed(2)}`;
        await notify(o.user, eventId, at, {
          type,
          title: `Order ${id} ${title}`,
          body: `Your order ${id} ${sentence}. Total: ${amount}.`,
          order: { orderId: id, status, total },
        });
      }
    }
    for (const [user, userId] of users.entries()) await w.add('inbox_sequences', { _id: userId, seq: seq[user] });
    await w.end();
  };

  await Promise.all([fillOrders(), fillCatalog(), fillNotifications()]);
  return {
    orders: count,
    users: users.length,
    seconds: (performance.now() - started) / 1000,
    documents,
    productsUpdated,
  };
}
