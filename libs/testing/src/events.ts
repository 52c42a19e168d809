import amqp from 'amqplib';
import { EVENTS_EXCHANGE, type EventEnvelope } from '@shopwire/contracts';
import { testEnv } from './ports';
import { withDeadline } from './wait';

export interface CollectedEvents {
  /** Every event received so far, in arrival order (invalid JSON is skipped). */
  events: EventEnvelope[];
  /** AMQP headers (trace context, correlation) of each received event, by event id. */
  headers: Map<string, Record<string, unknown>>;
  /** The first event (received before or after the call) matching `predicate`. */
  waitFor(predicate: (event: EventEnvelope) => boolean, timeoutMs?: number): Promise<EventEnvelope>;
  close(): Promise<void>;
}

/** Listens on the events exchange through a temporary exclusive queue bound to `types` (topic patterns allowed). */
export async function collectEvents(opts: { url?: string; types: string[] }): Promise<CollectedEvents> {
  const connection = await amqp.connect(opts.url ?? testEnv.amqpUrl);
  connection.on('error', () => undefined);
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  for (const type of opts.types) await channel.bindQueue(queue, EVENTS_EXCHANGE, type);
  const events: EventEnvelope[] = [];
  const headers = new Map<string, Record<string, unknown>>();
  const waiters: Array<{ predicate: (e: EventEnvelope) => boolean; resolve: (e: EventEnvelope) => void }> = [];
  await channel.consume(
    queue,
    (msg) => {
      if (!msg) return;
      let event: EventEnvelope;
      try {
        event = JSON.parse(msg.content.toString('utf8')) as EventEnvelope;
      } catch {
        return;
      }
      events.push(event);
      headers.set(event.id, msg.properties.headers ?? {});
      for (const waiter of [...waiters]) {
        if (!waiter.predicate(event)) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    },
    { noAck: true },
  );
  return {
    events,
    headers,
    waitFor(predicate, timeoutMs = 20000) {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen);
      const arrived = new Promise<EventEnvelope>((resolve) => waiters.push({ predicate, resolve }));
      return withDeadline(arrived, timeoutMs, 'a matching event on the exchange');
    },
    async close() {
      await connection.close().catch(() => undefined);
    },
  };
}

/**
 * Publishes one event (or raw bytes, e.g. invalid JSON) to the exchange, or straight into `queue` so that no
 * other service's queue receives it, and waits for the broker's confirm.
 */
export async function publishTestEvent(
  event: EventEnvelope,
  opts: { url?: string; raw?: Buffer | string; headers?: Record<string, unknown>; queue?: string } = {},
): Promise<void> {
  const connection = await amqp.connect(opts.url ?? testEnv.amqpUrl);
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
    const body = opts.raw === undefined ? Buffer.from(JSON.stringify(event)) : Buffer.from(opts.raw);
    const exchange = opts.queue ? '' : EVENTS_EXCHANGE;
    channel.publish(exchange, opts.queue ?? event.type, body, {
      persistent: true,
      messageId: event.id,
      type: event.type,
      correlationId: event.correlationId,
      contentType: 'application/json',
      headers: opts.headers,
    });
    await channel.waitForConfirms();
  } finally {
    await connection.close().catch(() => undefined);
  }
}
