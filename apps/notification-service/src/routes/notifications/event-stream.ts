import type { FastifyReply, FastifyRequest } from 'fastify';

export interface EventStream {
  write(chunk: string): void;
  end(): void;
  onClose(listener: () => void): void;
}

/**
 * Takes the response over from Fastify and turns it into a text/event-stream: unbuffered, never cached, kept open
 * by comment heartbeats that also reveal a vanished client.
 */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, heartbeatMs: number): EventStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  // Sent at once so the client (and any proxy) sees the stream open; `retry` is the browser's reconnect delay.
  res.write('retry: 3000\n: connected\n\n');
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
  const listeners: Array<() => void> = [];
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const listener of listeners) listener();
  };
  res.on('close', close);
  res.on('error', close);
  // The client may have gone while the stream was being prepared: its 'close' has been emitted already.
  if (res.destroyed) close();
  return {
    write: (chunk) => {
      if (!closed) res.write(chunk);
    },
    end: () => {
      close();
      res.end();
    },
    onClose: (listener) => {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
}
