import mongoose from 'mongoose';
import type { StockedProduct } from './fixtures';
import type { FaultRig } from './rig';

export interface StoredOrder {
  _id: mongoose.mongo.ObjectId;
  userId: string;
  status: string;
  reason?: string;
  items: Array<{ productId: string; quantity: number }>;
  history: Array<{ status: string }>;
  payment: { token?: string; charge?: { id: string }; refund?: { id: string }; declinedAt?: Date };
}

export interface StoredProduct {
  _id: mongoose.mongo.ObjectId;
  sku: string;
  stock: { available: number; reserved: number; sold: number };
  holds: Record<string, { quantity: number; state: string }>;
}

export interface StoredReservation {
  _id: string;
  state: string;
  lines: Array<{ productId: string; quantity: number; state: string }>;
}

export interface StoredUser {
  _id: mongoose.mongo.ObjectId;
  email: string;
}

export interface StoredNotification {
  _id: mongoose.mongo.ObjectId;
  userId: string;
  eventId: string;
  type: string;
  order?: { orderId: string };
  email: { status: string; confirmed?: boolean };
}

/** An order as recommendation-service counts it; a cancelled one is a tombstone. */
export interface StoredPurchase {
  _id: string;
  userId?: string;
  productIds?: string[];
  cancelled: boolean;
}

/** What the services stored, read straight from their databases once the system is quiet. */
export interface Snapshot {
  orders: StoredOrder[];
  products: StoredProduct[];
  reservations: StoredReservation[];
  users: StoredUser[];
  notifications: StoredNotification[];
  purchases: StoredPurchase[];
  /** The purchases recommendation-service's model counts (its /metrics), or undefined when it did not answer. */
  purchasesCounted: number | undefined;
}

/** A gauge of one process's /metrics. */
async function gauge(port: number, name: string): Promise<number | undefined> {
  const text = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) }).then(
    (res) => res.text(),
    () => '',
  );
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

export async function readSnapshot(rig: FaultRig, stocked: StockedProduct[]): Promise<Snapshot> {
  const db = (name: keyof FaultRig['system']['databases']) => rig.db.db(rig.system.databases[name]);
  const ids = stocked.map((p) => new mongoose.mongo.ObjectId(p.id));
  return {
    orders: await db('order-service').collection<StoredOrder>('orders').find().toArray(),
    products: await db('catalog-service')
      .collection<StoredProduct>('products')
      .find({ _id: { $in: ids } })
      .toArray(),
    reservations: await db('catalog-service').collection<StoredReservation>('reservations').find().toArray(),
    users: await db('user-service').collection<StoredUser>('users').find().toArray(),
    notifications: await db('notification-service').collection<StoredNotification>('notifications').find().toArray(),
    purchases: await db('recommendation-service').collection<StoredPurchase>('purchases').find().toArray(),
    purchasesCounted: await gauge(
      rig.system.ports['recommendation-service'],
      'shopwire_recommendation_purchases_counted',
    ),
  };
}
