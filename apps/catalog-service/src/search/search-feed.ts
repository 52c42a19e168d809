import type { Channel, ConsumeMessage } from 'amqplib';
import { replicaFeed, type ReplicaFeed } from '@shopwire/messaging';

/** The catalog's own events that say a product changed (stock events name it through the order's reservation). */
export const FEED_EVENT_TYPES = [
  'product.created',
  'product.updated',
  'product.archived',
  'stock.reserved',
  'stock.rejected',
  'stock.released',
] as const;
type FeedEventType = (typeof FEED_EVENT_TYPES)[number];

/** What the index learns from one event: which products to read again, or which order's reservation names them. */
export interface FeedChange {
  type: FeedEventType;
  productIds: string[];
  orderId?: string;
  occurredAt?: number;
}

const PREFETCH = 64;
/** A replica that stalls drops its oldest changes rather than pile them up on the broker; it rebuilds on reconnect. */
const MAX_QUEUED = 100_000;
const RETRY_MS = 500;

function changeOf(msg: ConsumeMessage): FeedChange | undefined {
  let event: { type?: unknown; occurredAt?: unknown; data?: Record<string, unknown> };
  try {
    event = JSON.parse(msg.content.toString()) as typeof event;
  } catch {
    return undefined;
  }
  const type = event?.type as FeedEventType;
  if (!FEED_EVENT_TYPES.includes(type) || typeof event.data !== 'object' || event.data === null) return undefined;
  const data = event.data;
  const occurredAt = typeof event.occurredAt === 'string' ? Date.parse(event.occurredAt) : undefined;
  const ids = (values: unknown): string[] =>
    Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [];
  const base = { type, occurredAt: Number.isNaN(occurredAt) ? undefined : occurredAt };
  if (type.startsWith('product.')) return { ...base, productIds: ids([data.productId]) };
  if (type === 'stock.reserved')
    return {
      ...base,
      productIds: ids((Array.isArray(data.items) ? data.items : []).map((i: { productId?: unknown }) => i?.productId)),
    };
  // stock.rejected and stock.released: the reservation of the order lists every product it held.
  return {
    ...base,
    productIds: ids(data.unavailable),
    orderId: typeof data.orderId === 'string' ? data.orderId : undefined,
  };
}

export interface SearchFeedOptions {
  /** Reads the named products again and puts them in the index; throws when the store does not answer. */
  apply(change: FeedChange): Promise<void>;
  /** After each (re)subscription: what changed while no queue was bound is only in the store. */
  onSubscribed(): void;
  onError(err: Error, what: string): void;
}

/**
 * Each replica's own view of the catalog's changes (a replica feed of messaging), bound to the catalog's product and
 * stock events: every replica hears every change, its own too, which it finds already applied.
 */
export function searchFeed(opts: SearchFeedOptions): ReplicaFeed {
  const handle = async (ch: Channel, msg: ConsumeMessage): Promise<void> => {
    const change = changeOf(msg);
    try {
      if (change) await opts.apply(change);
      ch.ack(msg);
    } catch (err) {
      opts.onError(err as Error, 'search index change not applied yet, retrying');
      // The store is away: the change comes back after a pause (the other deliveries go on meanwhile).
      setTimeout(() => {
        if (feed.channel === ch) ch.nack(msg, false, true);
      }, RETRY_MS).unref();
    }
  };
  const feed = replicaFeed({
    name: 'search feed',
    types: FEED_EVENT_TYPES,
    prefetch: PREFETCH,
    maxQueued: MAX_QUEUED,
    onMessage: (ch, msg) => void handle(ch, msg),
    onSubscribed: opts.onSubscribed,
    onError: opts.onError,
  });
  return feed;
}
