// The load generator's public entry: what the benchmarks and the fault suite drive the system with.
export { ApiClient } from './api-client';
export type { ApiResponse, CallOptions } from './api-client';
export { DEFAULT_MIX, customerVisit, newRunState } from './customer';
export type { Account, CustomerMix, PlacedOrder, RunState } from './customer';
export { Pacer } from './pacer';
export { finalReport, liveLine } from './report';
export { FINAL_STATUSES, runLoad, settleOrders } from './run-load';
export type { LiveFigures, LoadOptions, LoadReport } from './run-load';
export { LoadStats, percentiles } from './stats';
export type { Percentiles, StatsSnapshot } from './stats';
