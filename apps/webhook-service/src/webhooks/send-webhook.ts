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

/**
 * One POST to the checked address (the name is used for TLS and the Host header only), within `timeoutMs` for the
 * whole exchange; redirects are not followed, and at most 1 KiB of the answer is read.
 */
export function sendWebhook(target: CheckedTarget, headers: Record<string, string>, payload: string, timeoutMs: number, signal?: AbortSignal): Promise<SendResult> {
  const started = performance.now();
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: Omit<SendResult, 'latencyMs'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: Math.round(performance.now() - started) });
    };
    const request = client.request(target.url, {
      method: 'POST',
      agent: false,
      lookup: pinned,
      servername: ipaddr.isValid(target.hostname) ? undefined : target.hostname,
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), 'user-agent': 'Shopwire-Webhooks/1' },
    });
    const timer = setTimeout(() => {
      done({ error: `no answer within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    signal?.addEventListener('abort', () => {
      done({ error: 'abandoned at shutdown' });
      request.destroy();
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      const finish = (): void => {
        const body = Buffer.concat(chunks).subarray(0, BODY_KEPT_BYTES).toString('utf8');
        const redirect = response.statusCode !== undefined && response.statusCode >= 300 && response.statusCode < 400;
        done({ status: response.statusCode, body, ...(redirect ? { error: 'redirect not followed' } : {}) });
        response.destroy();
      };
      response.on('data', (chunk: Buffer) => {
        if (kept < BODY_KEPT_BYTES) chunks.push(chunk);
        kept += chunk.length;
        if (kept >= BODY_KEPT_BYTES) finish();
      });
      response.on('end', finish);
      response.on('error', finish);
    });
    request.on('error', (error: NodeJS.ErrnoException) => done({ error: `connection failed: ${error.code ?? error.message}` }));
    request.end(payload);
  });
}
