import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { CheckedTarget } from './target-guard';

/** What a partner's endpoint answered; no status when it did not answer. */
export interface SendResult {
  status?: number;
  latencyMs: number;
  error?: string;
  body?: string;
}

export const BODY_KEPT_BYTES = 1024;
/** An idle kept-alive connection is closed after this, before partners' servers (often 5 s) close it under a request. */
const IDLE_CONNECTION_MS = 4000;

/** A name resolution that answers the address just checked, whatever DNS says now (no rebinding after the check). */
function pinnedTo(target: CheckedTarget): LookupFunction {
  return (_host, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    else callback(null, target.address, target.family);
  };
}

/**
 * Kept-alive connections per checked address: a partner's next delivery reuses the connection (and TLS session) of
 * the last one instead of connecting again. Keyed by the address too, so a name that resolves elsewhere (checked
 * again before every attempt) gets connections of its own.
 */
export class ConnectionPools {
  private readonly agents = new Map<string, http.Agent>();

  constructor(private readonly maxSocketsPerTarget: number) {}

  for(target: CheckedTarget): http.Agent {
    const key = `${target.url.protocol}//${target.hostname}:${target.url.port}@${target.address}`;
    let agent = this.agents.get(key);
    if (!agent) {
      const options = {
        keepAlive: true,
        maxSockets: this.maxSocketsPerTarget,
        maxFreeSockets: this.maxSocketsPerTarget,
        timeout: IDLE_CONNECTION_MS,
        lookup: pinnedTo(target),
      };
      agent = target.url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
      this.agents.set(key, agent);
    }
    return agent;
  }

  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}

/**
 * One POST to the checked address (the name is used for TLS and the Host header only), within `timeoutMs` for the
 * whole exchange; redirects are not followed, and at most 1 KiB of the answer is read (a longer answer closes the
 * connection; a short one leaves it to the next delivery when `agent` keeps connections alive).
 */
export function sendWebhook(
  target: CheckedTarget,
  headers: Record<string, string>,
  payload: string,
  timeoutMs: number,
  signal?: AbortSignal,
  agent?: http.Agent,
): Promise<SendResult> {
  const started = performance.now();
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: Omit<SendResult, 'latencyMs'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // The signal is the dispatcher's one for shutdown: a listener left on it would keep every request alive.
      signal?.removeEventListener('abort', abandon);
      resolve({ ...result, latencyMs: Math.round(performance.now() - started) });
    };
    const abandon = (): void => {
      done({ error: 'abandoned at shutdown' });
      request.destroy();
    };
    const request = client.request(target.url, {
      method: 'POST',
      agent: agent ?? false,
      lookup: pinnedTo(target),
      servername: ipaddr.isValid(target.hostname) ? undefined : target.hostname,
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(payload)),
        'user-agent': 'Shopwire-Webhooks/1',
      },
    });
    const timer = setTimeout(() => {
      done({ error: `no answer within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    signal?.addEventListener('abort', abandon, { once: true });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      const finish = (whole: boolean): void => {
        const body = Buffer.concat(chunks).subarray(0, BODY_KEPT_BYTES).toString('utf8');
        const redirect = response.statusCode !== undefined && response.statusCode >= 300 && response.statusCode < 400;
        done({ status: response.statusCode, body, ...(redirect ? { error: 'redirect not followed' } : {}) });
        if (!whole) response.destroy();
      };
      response.on('data', (chunk: Buffer) => {
        if (kept < BODY_KEPT_BYTES) chunks.push(chunk);
        kept += chunk.length;
        if (kept > BODY_KEPT_BYTES) finish(false);
      });
      response.on('end', () => finish(true));
      response.on('error', () => finish(false));
    });
    request.on('error', (error: NodeJS.ErrnoException) =>
      done({ error: `connection failed: ${error.code ?? error.message}` }),
    );
    request.end(payload);
  });
}
