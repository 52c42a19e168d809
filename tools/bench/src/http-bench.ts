// autocannon ships no types; this is the part of its API the bench uses.
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface HttpFigures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/** One autocannon run: the highest throughput with `connections` busy, or a fixed `rate` per second. */
export async function httpRun(
  url: string,
  opts: { headers?: Record<string, string>; seconds: number; connections?: number; rate?: number },
): Promise<HttpFigures> {
  const result = await autocannon({
    url,
    headers: opts.headers ?? {},
    duration: opts.seconds,
    connections: opts.connections ?? 10,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
  });
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}
