export { startTelemetry } from './start-telemetry';
export type { Telemetry, TelemetryOptions } from './start-telemetry';
export { loadTelemetryConfig, TelemetryConfigError } from './telemetry.config';
export type { TelemetryConfig, OtlpProtocol } from './telemetry.config';
export { redactQuery, SECRET_QUERY_PARAMS } from './instrumentations';
export { RELEASE_VERSION } from './release-version';
