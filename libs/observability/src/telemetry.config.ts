import envSchema from 'env-schema';
import { Type, type Static } from '@sinclair/typebox';

const PROTOCOLS = ['http/protobuf', 'http/json'] as const;
const OTLP_PROTOCOL = Type.Unsafe<(typeof PROTOCOLS)[number]>({ type: 'string', enum: [...PROTOCOLS] });
const URL_PATTERN = '^https?://';

// The standard OTEL_* variables this lib decides on; the SDK and the exporter read the rest (headers, timeouts, sampler) themselves.
const schema = Type.Object({
  OTEL_SDK_DISABLED: Type.Boolean({ default: false }),
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(Type.String({ pattern: URL_PATTERN })),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: Type.Optional(Type.String({ pattern: URL_PATTERN })),
  OTEL_EXPORTER_OTLP_PROTOCOL: Type.Optional(OTLP_PROTOCOL),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: Type.Optional(OTLP_PROTOCOL),
});

export type OtlpProtocol = (typeof PROTOCOLS)[number];

export interface TelemetryConfig {
  disabled: boolean;
  /** Where spans go; undefined means nothing is exported. */
  endpoint: string | undefined;
  protocol: OtlpProtocol;
}

export class TelemetryConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TelemetryConfigError';
  }
}

interface SchemaError {
  instancePath?: string;
  message?: string;
}

/** Reads the OTEL_* variables once; an unsupported value fails with a message naming the variable. */
export function loadTelemetryConfig(env?: Record<string, string | undefined>): TelemetryConfig {
  let values: Static<typeof schema>;
  try {
    values = envSchema<Static<typeof schema>>({ schema, dotenv: false, ...(env ? { data: env, env: false } : {}) });
  } catch (error) {
    const first = (error as { errors?: SchemaError[] }).errors?.[0];
    const detail = first
      ? `${first.instancePath?.replace(/^\//, '')} ${first.message ?? 'is invalid'}`
      : (error as Error).message;
    throw new TelemetryConfigError(`Invalid configuration: ${detail}`);
  }
  return {
    disabled: values.OTEL_SDK_DISABLED,
    endpoint: values.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? values.OTEL_EXPORTER_OTLP_ENDPOINT,
    protocol: values.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? values.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf',
  };
}
