import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  NoopSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
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
  /** True when spans are exported over OTLP; without an endpoint spans still get real ids but nothing is recorded or sent. */
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

  const exporting = config.endpoint !== undefined;
  const sdk = new NodeSDK({
    serviceName: opts.serviceName,
    resource: resourceFromAttributes({ [ATTR_SERVICE_VERSION]: opts.serviceVersion ?? RELEASE_VERSION }),
    instrumentations: shopwireInstrumentations(),
    // Without an endpoint a tracer provider still runs, so every request has a real W3C trace id for its problems and
    // log lines (and passes it on in traceparent); its spans are never recorded, so they cost next to nothing.
    spanProcessors: exporting ? [new BatchSpanProcessor(exporterFor(config))] : [new NoopSpanProcessor()],
    ...(exporting ? {} : { sampler: new AlwaysOffSampler() }),
    // Logs stay on stdout and metrics on /metrics: without these the SDK would start OTLP exporters for both.
    logRecordProcessors: [],
    metricReaders: [],
  });
  sdk.start();
  return { exporting, shutdown: () => boundedShutdown(sdk) };
}
