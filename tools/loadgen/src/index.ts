// The load generator's public entry: what the benchmarks and the fault suite drive the system with.
export { ApiClient } from './api-client';
export type { PlacedOrder } from './customer';
export { runLoad } from './run-load';
export type { LoadReport } from './run-load';
export { percentiles } from './stats';
