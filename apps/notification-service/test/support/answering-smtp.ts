import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { freePort } from '@shopwire/testing';

export const FROM = 'Shopwire <no-reply@shopwire.example>';

/**
 * A real SMTP server that answers every message after its final dot with `verdict`: a refusal, a dropped
 * connection, or nothing at all (`hold`: the message is complete and the client waits for an answer that never comes).
 */
export async function startAnsweringServer(verdict: 'refuse' | 'drop' | 'hold') {
  const port = await freePort();
  const sockets = new Set<Socket>();
  const taken: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 200,
    onData(stream: SMTPServerDataStream, _session, callback) {
      let body = '';
      stream.on('data', (chunk: Buffer) => (body += chunk.toString()));
      stream.on('end', () => {
        taken.push(body);
        if (verdict === 'hold') return;
        if (verdict === 'drop') {
          for (const socket of sockets) socket.destroy();
          return;
        }
        const refusal = Object.assign(new Error('mailbox full'), { responseCode: 552 });
        callback(refusal);
      });
    },
  });
  server.on('error', () => undefined);
  server.server.on('connection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    taken,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type AnsweringServer = Awaited<ReturnType<typeof startAnsweringServer>>;

/** Starts an answering server for `use` and closes it after, whatever `use` did. */
export async function withAnsweringServer<T>(
  verdict: 'refuse' | 'drop' | 'hold',
  use: (server: AnsweringServer) => Promise<T>,
): Promise<T> {
  const server = await startAnsweringServer(verdict);
  try {
    return await use(server);
  } finally {
    await server.close();
  }
}
