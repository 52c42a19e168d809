import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { FastifyBaseLogger } from 'fastify';
import type { BrokerConnection } from '@shopwire/messaging';
import type { InboxItem } from '../notifications/inbox-item';

/** The notification service's own fan-out exchange: every instance hears every new in-app notification. */
export const LIVE_EXCHANGE = 'notification.live';

export interface LiveMessage {
  userId: string;
  item: InboxItem;
}

type Listener = (item: InboxItem) => void;

export interface LiveFeed {
  /** Tells every instance (this one included) about a new notification; best effort, streams catch up on resync. */
  publish(message: LiveMessage): void;
  /** Listens for one user's new notifications on this instance; returns the unsubscribe function. */
  subscribe(userId: string, listener: Listener): () => void;
  /** Called after each (re)subscription to the exchange: what was published meanwhile must be read from the store. */
  onResync(listener: () => void): () => void;
}

function parse(msg: ConsumeMessage): LiveMessage | undefined {
  try {
    const value = JSON.parse(msg.content.toString()) as LiveMessage;
    return typeof value?.userId === 'string' && typeof value.item?.seq === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Live push across instances: each instance binds an exclusive, auto-deleted queue to the fan-out exchange and
 * hands what arrives to the streams of its own connected users.
 */
export function createLiveFeed(broker: Pick<BrokerConnection, 'onConnected'>, log: FastifyBaseLogger): LiveFeed {
  const listeners = new Map<string, Set<Listener>>();
  const resyncListeners = new Set<() => void>();
  let channel: Channel | undefined;

  const deliver = (msg: ConsumeMessage | null): void => {
    if (!msg) return;
    const message = parse(msg);
    if (!message) return;
    for (const listener of listeners.get(message.userId) ?? []) listener(message.item);
  };

  const setup = async (model: ChannelModel): Promise<void> => {
    const ch = await model.createChannel();
    ch.on('error', (err: Error) => log.warn({ err: { message: err.message } }, 'live feed channel error'));
    ch.on('close', () => {
      if (channel === ch) channel = undefined;
    });
    await ch.assertExchange(LIVE_EXCHANGE, 'fanout', { durable: true });
    // Bounded: a stalled instance drops its oldest pushes (its clients catch up from the store) instead of piling up.
    const { queue } = await ch.assertQueue('', {
      exclusive: true,
      autoDelete: true,
      arguments: { 'x-max-length': 10000 },
    });
    await ch.bindQueue(queue, LIVE_EXCHANGE, '');
    await ch.consume(queue, deliver, { noAck: true });
    channel = ch;
    for (const listener of resyncListeners) listener();
  };
  broker.onConnected(setup);

  return {
    publish(message: LiveMessage) {
      if (!channel) {
        log.warn({ userId: message.userId }, 'live feed unavailable; clients will catch up on resync');
        return;
      }
      channel.publish(LIVE_EXCHANGE, '', Buffer.from(JSON.stringify(message)), {
        contentType: 'application/json',
        persistent: false,
      });
    },
    subscribe(userId: string, listener: Listener) {
      const set = listeners.get(userId) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(userId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(userId);
      };
    },
    onResync(listener: () => void) {
      resyncListeners.add(listener);
      return () => void resyncListeners.delete(listener);
    },
  };
}
