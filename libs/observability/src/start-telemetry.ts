import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { shopwireInstrumentations } from './instrumentations';
import { RELEASE_VERSION } from './release-version';
import { loadTelemetryConfig, TelemetryConfigError, type TelemetryConfig } from './telemetry.config';

export interface TelemetryOptions {
  serviceName: string;
  /** The release version of the repo when unset. */
  serviceVersion?: string;
  /** The OTEL_* variables to read; the process environment when unset. */
  env?: Record<string, string | undefined>;
}

export interface Telemetry {
  /** True when spans are exported over OTLP; without an endpoint nothing is recorded or sent. */
  readonly exporting: boolean;
  /** Flushes the spans still buffered and stops the SDK; bounded, so a dead collector cannot hold up the exit. */
  shutdown(): Promise<void>;
}

const SHUTDOWN_TIMEOUT_MS = 3000;

function exporterFor(config: TelemetryConfig): SpanExporter {
  // Both exporters read the endpoint, headers, compression and timeout from the standard OTEL_* variables.
  return config.protocol === 'http/json' ? new OtlpJsonExporter() : new OtlpProtobufExporter();
}

function boundedShutdown(sdk: NodeSDK): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([sdk.shutdown().catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}

/**
 * Starts OpenTelemetry for this process. Call it before fastify, mongoose, amqplib or pino are loaded (the first
 * import of main.ts): the instrumentations patch those modules as they are required.
 */
export function startTelemetry(opts: TelemetryOptions): Telemetry {
  let config: TelemetryConfig;
  try {
    config = loadTelemetryConfig(opts.env);
  } catch (error) {
    if (!(error instanceof TelemetryConfigError)) throw error;
    // Same contract as the service config: one line naming the variable, exit 1.
    process.stderr.write(`${opts.serviceName}: ${error.message}\n`);
    process.exit(1);
  }
  if (config.disabled) return { exporting: false, shutdown: async () => undefined };

  // No endpoint, no span processor: the SDK then registers no tracer provider and spans cost next to nothing.
  const spanProcessors: SpanProcessor[] = config.endpoint ? [new BatchSpanProcessor(exporterFor(config))] : [];
  const sdk = new NodeSDK({
    serviceName: opts.serviceName,
    resource: resourceFromAttributes({ [ATTR_SERVICE_VERSION]: opts.serviceVersion ?? RELEASE_VERSION }),
    instrumentations: shopwireInstrumentations(),
    spanProcessors,
    // Logs stay on stdout and metrics on /metrics: without these the SDK would start OTLP exporters for both.
    logRecordProcessors: [],
    metricReaders: [],
  });
  sdk.start();
  return { exporting: spanProcessors.length > 0, shutdown: () => boundedShutdown(sdk) };
}
