import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  type: string;
  payload: { id: string; type: string; data: Record<string, unknown> };
  /** The secrets (of those the receiver knows) that verify this delivery's signature. */
  verifiedWith: string[];
}

/** What the receiver answers to the n-th request (from 1): a status, or no answer at all (`hang`). */
export type Answer = (
  n: number,
  req: IncomingMessage,
) => number | 'hang' | { status: number; headers: Record<string, string> };

export interface Receiver {
  url: string;
  /** host:port, for WEBHOOK_ALLOWED_HOSTS. */
  host: string;
  received: Received[];
  /** Requests that came in, verified or not. */
  requests: number;
  /** The webhook-id of every verified request, answered or not, in order. */
  seen: string[];
  /** The secrets a partner would verify with; a request no secret verifies is answered 401 and not recorded. */
  secrets: string[];
  close(): Promise<void>;
}

/** A partner's endpoint, verifying every request with the standardwebhooks library as a partner would. */
export async function startReceiver(answer: Answer = () => 200): Promise<Receiver> {
  const hanging = new Set<ServerResponse>();
  const receiver: Receiver = {
    url: '',
    host: '',
    received: [],
    requests: 0,
    seen: [],
    secrets: [],
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.requests += 1;
      const n = receiver.requests;
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      };
      const verifiedWith = receiver.secrets.filter((secret) => {
        try {
          new Webhook(secret).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      if (verifiedWith.length === 0) return void res.writeHead(401).end('signature does not verify');
      receiver.seen.push(headers['webhook-id']);
      const payload = JSON.parse(body) as Received['payload'];
      const reply = answer(n, req);
      if (reply === 'hang') return void hanging.add(res);
      receiver.received.push({ id: headers['webhook-id'], type: payload.type, payload, verifiedWith });
      if (typeof reply === 'number') res.writeHead(reply).end('x'.repeat(3000));
      else res.writeHead(reply.status, reply.headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  receiver.url = `http://127.0.0.1:${port}/hooks`;
  receiver.host = `127.0.0.1:${port}`;
  receiver.close = async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return receiver;
}
