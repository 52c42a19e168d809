import { loadTelemetryConfig, redactQuery, TelemetryConfigError } from '../src';

describe('telemetry configuration', () => {
  it('when no OTLP endpoint is set, then nothing is exported', () => {
    expect(loadTelemetryConfig({})).toEqual({ disabled: false, endpoint: undefined, protocol: 'http/protobuf' });
  });

  it('when both endpoints and protocols are set, then the traces-specific ones win', () => {
    const config = loadTelemetryConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/v1/traces',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
    });
    expect(config).toEqual({ disabled: false, endpoint: 'http://jaeger:4318/v1/traces', protocol: 'http/json' });
  });

  it('when the SDK is disabled, then the config says so', () => {
    expect(
      loadTelemetryConfig({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).disabled,
    ).toBe(true);
  });

  it('when the protocol is one this build does not ship (grpc), then loading fails naming the variable', () => {
    expect(() => loadTelemetryConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(TelemetryConfigError);
    expect(() => loadTelemetryConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      /^Invalid configuration: OTEL_EXPORTER_OTLP_PROTOCOL /,
    );
  });

  it('when the endpoint is not an http(s) URL, then loading fails naming the variable', () => {
    expect(() => loadTelemetryConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });
});

describe('query redaction for span attributes', () => {
  it('when a query carries a token, then its value is replaced and the other parameters stay', () => {
    expect(redactQuery('?page=2&access_token=abc.def&token=xyz')).toBe('?page=2&access_token=REDACTED&token=REDACTED');
  });

  it('when there is no query, then nothing is added', () => {
    expect(redactQuery('')).toBe('');
  });
});
