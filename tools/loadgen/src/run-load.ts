import { ApiClient } from './api-client';
import { customerVisit, newRunState, type CustomerMix, type PlacedOrder, type RunState } from './customer';
import { Pacer } from './pacer';
import { LoadStats, type Percentiles, type StatsSnapshot } from './stats';

export const FINAL_STATUSES = ['confirmed', 'rejected', 'cancelled', 'shipped', 'delivered'] as const;

export interface LoadOptions {
  url: string;
  /** Requests per second offered, whatever the latency (open loop). */
  rate: number;
  durationSec: number;
  /** How long to wait after the run for accepted orders to reach a final status. */
  settleMs?: number;
  maxCustomers?: number;
  mix?: CustomerMix;
  /** Called about once a second with the live figures. */
  onProgress?: (live: LiveFigures) => void;
  /** Stops the run early. */
  signal?: AbortSignal;
}

export interface LiveFigures {
  elapsedSec: number;
  requests: number;
  errors: number;
  ratePerSec: number;
  lastSecond: Percentiles;
  activeCustomers: number;
  ordersAccepted: number;
  missed: number;
}

export interface LoadReport {
  url: string;
  offeredRate: number;
  durationSec: number;
  achievedRate: number;
  customers: number;
  missedPermits: number;
  stats: StatsSnapshot;
  ordersAccepted: number;
  ordersByFinalStatus: Record<string, number>;
  orders: PlacedOrder[];
  run: RunState;
}

/** Plays customers against the gateway at `rate` requests per second for `durationSec`, then reports. */
export async function runLoad(opts: LoadOptions): Promise<LoadReport> {
  const stats = new LoadStats();
  const api = new ApiClient(opts.url, stats);
  const run = newRunState(opts.mix);
  const maxCustomers = opts.maxCustomers ?? Math.max(20, Math.ceil(opts.rate * 4));
  const visits = new Set<Promise<void>>();
  const pacer: Pacer = new Pacer(opts.rate, maxCustomers, () => {
    let first = true;
    const step = (): Promise<boolean> => {
      if (first) {
        first = false;
        return Promise.resolve(true);
      }
      return pacer.next();
    };
    const visit = customerVisit(api, run, step);
    visits.add(visit);
    return visit.finally(() => visits.delete(visit));
  });

  const started = performance.now();
  let mark = stats.mark();
  let lastRequests = 0;
  const progress = setInterval(() => {
    const window = stats.window(mark);
    mark = stats.mark();
    opts.onProgress?.({
      elapsedSec: (performance.now() - started) / 1000,
      requests: stats.requests,
      errors: stats.errors,
      ratePerSec: stats.requests - lastRequests,
      lastSecond: window,
      activeCustomers: pacer.active,
      ordersAccepted: run.orders.length,
      missed: pacer.missed,
    });
    lastRequests = stats.requests;
  }, 1000);

  pacer.start();
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, opts.durationSec * 1000);
    opts.signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  pacer.stop();
  await Promise.all([...visits]);
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(progress);

  await api.close();
  const reader = new ApiClient(opts.url);
  await settleOrders(reader, run.orders, opts.settleMs ?? 20000);
  await reader.close();
  const ordersByFinalStatus: Record<string, number> = {};
  for (const order of run.orders) ordersByFinalStatus[order.status] = (ordersByFinalStatus[order.status] ?? 0) + 1;
  return {
    url: opts.url,
    offeredRate: opts.rate,
    durationSec: opts.durationSec,
    achievedRate: stats.requests / elapsed,
    customers: run.customers,
    missedPermits: pacer.missed,
    stats: stats.snapshot(),
    ordersAccepted: run.orders.length,
    ordersByFinalStatus,
    orders: run.orders,
    run,
  };
}

/** Reads every accepted order as its owner until none is pending any more or the deadline passes. */
export async function settleOrders(api: ApiClient, orders: PlacedOrder[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const isFinal = (o: PlacedOrder): boolean => (FINAL_STATUSES as readonly string[]).includes(o.status);
  let open = orders.filter((o) => !isFinal(o));
  while (open.length > 0 && Date.now() < deadline) {
    for (let i = 0; i < open.length; i += 16) {
      await Promise.all(
        open.slice(i, i + 16).map(async (order) => {
          const res = await api.call<{ status?: string }>('GET', `/api/v1/orders/${order.id}`, { token: order.token });
          if (res.status === 200 && res.body?.status) order.status = res.body.status;
        }),
      );
    }
    open = open.filter((o) => !isFinal(o));
    if (open.length > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
