/** Latency samples and outcomes of one load run, summarised as counts and percentiles. */
export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function percentiles(samples: readonly number[]): Percentiles {
  if (samples.length === 0) return { count: 0, p50: 0, p90: 0, p99: 0, max: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}

export interface StatsSnapshot {
  requests: number;
  errors: number;
  byStatus: Record<string, number>;
  errorsByCode: Record<string, number>;
  latency: Percentiles;
  byRoute: Record<string, Percentiles & { errors: number }>;
}

export class LoadStats {
  private readonly latencies: number[] = [];
  private readonly routeLatencies = new Map<string, number[]>();
  private readonly routeErrors = new Map<string, number>();
  readonly byStatus: Record<string, number> = {};
  readonly errorsByCode: Record<string, number> = {};
  requests = 0;
  errors = 0;

  /** `status` is the HTTP status, or 0 when no answer came; `code` the problem code or the network error. */
  record(route: string, status: number, ms: number, code?: string): void {
    this.requests++;
    this.latencies.push(ms);
    const list = this.routeLatencies.get(route) ?? [];
    list.push(ms);
    this.routeLatencies.set(route, list);
    const key = status === 0 ? 'network' : String(status);
    this.byStatus[key] = (this.byStatus[key] ?? 0) + 1;
    if (status === 0 || status >= 400) {
      this.errors++;
      this.routeErrors.set(route, (this.routeErrors.get(route) ?? 0) + 1);
      const label = `${key} ${code ?? ''}`.trim();
      this.errorsByCode[label] = (this.errorsByCode[label] ?? 0) + 1;
    }
  }

  /** Latencies recorded since `from` (an index returned by `mark`), for a live window. */
  mark(): number {
    return this.latencies.length;
  }

  window(from: number): Percentiles {
    return percentiles(this.latencies.slice(from));
  }

  snapshot(): StatsSnapshot {
    const byRoute: StatsSnapshot['byRoute'] = {};
    for (const [route, list] of [...this.routeLatencies].sort(([a], [b]) => a.localeCompare(b))) {
      byRoute[route] = { ...percentiles(list), errors: this.routeErrors.get(route) ?? 0 };
    }
    return {
      requests: this.requests,
      errors: this.errors,
      byStatus: { ...this.byStatus },
      errorsByCode: { ...this.errorsByCode },
      latency: percentiles(this.latencies),
      byRoute,
    };
  }
}
