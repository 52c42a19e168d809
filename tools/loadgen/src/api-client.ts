import { Agent, request } from 'undici';
import type { LoadStats } from './stats';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Route label for the statistics (the path pattern, not the concrete path). */
  route?: string;
}

/** A small JSON client for the public API that records every call's status and latency. */
export class ApiClient {
  private readonly agent: Agent;

  constructor(
    readonly baseUrl: string,
    private readonly stats?: LoadStats,
    opts: { connections?: number; timeoutMs?: number } = {},
  ) {
    const timeout = opts.timeoutMs ?? 15000;
    this.agent = new Agent({
      connections: opts.connections ?? 64,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      keepAliveTimeout: 4000,
    });
  }

  async call<T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    opts: CallOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const route = `${method} ${opts.route ?? path.split('?')[0]}`;
    const started = performance.now();
    try {
      const res = await request(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        dispatcher: this.agent,
      });
      const text = await res.body.text();
      const body = parseJson(text) as T;
      const code = res.statusCode >= 400 ? problemCode(body) : undefined;
      this.stats?.record(route, res.statusCode, performance.now() - started, code);
      return { status: res.statusCode, body, headers: res.headers };
    } catch (error) {
      const code = (error as { code?: string }).code ?? (error as Error).name;
      this.stats?.record(route, 0, performance.now() - started, code);
      return { status: 0, body: { code } as T, headers: {} };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function problemCode(body: unknown): string | undefined {
  return typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string'
    ? (body as { code: string }).code
    : undefined;
}
