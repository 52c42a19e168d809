import type { GetMessage } from 'amqplib';
import { DLQ_HEADERS, queuesOf, RETRY_HEADERS } from '@shopwire/messaging';
import type { AmqpSession } from './amqp-session';

export interface DeadLetter {
  id: string;
  type: string;
  reason: string;
  error: string;
  attempt: number;
  at: string;
}

function describe(msg: GetMessage): DeadLetter {
  const h = msg.properties.headers ?? {};
  let id = msg.properties.messageId as string | undefined;
  if (!id) {
    try {
      id = (JSON.parse(msg.content.toString()) as { id?: string }).id;
    } catch {
      id = undefined;
    }
  }
  return {
    id: id ?? '-',
    type: (msg.properties.type as string | undefined) ?? '-',
    reason: String(h[DLQ_HEADERS.reason] ?? '-'),
    error: String(h[DLQ_HEADERS.error] ?? ''),
    attempt: Number(h[RETRY_HEADERS.attempt] ?? 1),
    at: String(h[DLQ_HEADERS.at] ?? '-'),
  };
}

/** The dead letters of a service, oldest first; browsing leaves them in the queue. */
export async function listDeadLetters(session: AmqpSession, service: string, limit: number): Promise<DeadLetter[]> {
  const channel = await session.channel();
  const found: DeadLetter[] = [];
  try {
    for (
      let msg = await channel.get(queuesOf(service).dlq);
      msg && found.length < limit;
      msg = found.length < limit ? await channel.get(queuesOf(service).dlq) : false
    ) {
      found.push(describe(msg));
    }
  } finally {
    // Closing without acks puts every browsed message back.
    await channel.close().catch(() => undefined);
  }
  return found;
}

/** Moves matching dead letters back to the service's work queue (only that service sees them) as a first attempt. */
export async function replayDeadLetters(
  session: AmqpSession,
  service: string,
  match: (letter: DeadLetter) => boolean,
): Promise<string[]> {
  const q = queuesOf(service);
  const source = await session.channel();
  const target = await session.confirmChannel();
  const replayed: string[] = [];
  try {
    for (let msg = await source.get(q.dlq); msg; msg = await source.get(q.dlq)) {
      const letter = describe(msg);
      if (!match(letter)) continue;
      const headers = { ...msg.properties.headers };
      for (const name of [...Object.values(DLQ_HEADERS), RETRY_HEADERS.attempt, RETRY_HEADERS.lastError])
        delete headers[name];
      headers['x-replayed-at'] = new Date().toISOString();
      target.sendToQueue(q.main, msg.content, { ...msg.properties, headers, persistent: true });
      await target.waitForConfirms();
      source.ack(msg);
      replayed.push(letter.id);
    }
  } finally {
    await source.close().catch(() => undefined);
    await target.close().catch(() => undefined);
  }
  return replayed;
}

export async function purgeDeadLetters(session: AmqpSession, service: string): Promise<number> {
  const channel = await session.channel();
  try {
    return (await channel.purgeQueue(queuesOf(service).dlq)).messageCount;
  } finally {
    await channel.close().catch(() => undefined);
  }
}
