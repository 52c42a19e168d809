import { createServer, type IncomingMessage, type Server } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import protobuf from 'protobufjs';
import { waitFor, type WaitOptions } from './wait';

export type SpanKindName = 'UNSPECIFIED' | 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
const KINDS: SpanKindName[] = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

export type AttributeValue = string | number | boolean | AttributeValue[] | undefined;

/** One span as an exporter sent it, flattened with the name of the service that sent it. */
export interface CollectedSpan {
  service: string;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: SpanKindName;
  attributes: Record<string, AttributeValue>;
  /** 0 unset, 1 ok, 2 error. */
  statusCode: number;
}

export interface OtlpReceiver {
  /** The base URL for OTEL_EXPORTER_OTLP_ENDPOINT; exporters post to `${url}/v1/traces`. */
  url: string;
  spans(): CollectedSpan[];
  /** How many export requests arrived in each encoding. */
  requests(): { json: number; protobuf: number };
  waitForSpans(predicate: (spans: CollectedSpan[]) => boolean, opts?: WaitOptions): Promise<CollectedSpan[]>;
  traceOf(traceId: string): CollectedSpan[];
  parentOf(span: CollectedSpan): CollectedSpan | undefined;
  close(): Promise<void>;
}

// The part of opentelemetry-proto's trace service (v1) a test reads; the decoder skips every other field.
const OTLP_TRACE_PROTO = {
  nested: {
    ExportTraceServiceRequest: { fields: { resourceSpans: { rule: 'repeated', type: 'ResourceSpans', id: 1 } } },
    ResourceSpans: {
      fields: { resource: { type: 'Resource', id: 1 }, scopeSpans: { rule: 'repeated', type: 'ScopeSpans', id: 2 } },
    },
    Resource: { fields: { attributes: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
    ScopeSpans: {
      fields: { scope: { type: 'InstrumentationScope', id: 1 }, spans: { rule: 'repeated', type: 'Span', id: 2 } },
    },
    InstrumentationScope: { fields: { name: { type: 'string', id: 1 } } },
    Span: {
      fields: {
        traceId: { type: 'bytes', id: 1 },
        spanId: { type: 'bytes', id: 2 },
        parentSpanId: { type: 'bytes', id: 4 },
        name: { type: 'string', id: 5 },
        kind: { type: 'int32', id: 6 },
        attributes: { rule: 'repeated', type: 'KeyValue', id: 9 },
        status: { type: 'Status', id: 15 },
      },
    },
    Status: { fields: { code: { type: 'int32', id: 3 } } },
    KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
    AnyValue: {
      fields: {
        stringValue: { type: 'string', id: 1 },
        boolValue: { type: 'bool', id: 2 },
        intValue: { type: 'int64', id: 3 },
        doubleValue: { type: 'double', id: 4 },
        arrayValue: { type: 'ArrayValue', id: 5 },
      },
    },
    ArrayValue: { fields: { values: { rule: 'repeated', type: 'AnyValue', id: 1 } } },
  },
};
const ExportTraceServiceRequest = protobuf.Root.fromJSON(OTLP_TRACE_PROTO).lookupType('ExportTraceServiceRequest');

interface WireAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: WireAnyValue[] };
}
interface WireKeyValue {
  key: string;
  value?: WireAnyValue;
}
interface WireSpan {
  traceId: string | Uint8Array;
  spanId: string | Uint8Array;
  parentSpanId?: string | Uint8Array;
  name: string;
  kind?: number;
  attributes?: WireKeyValue[];
  status?: { code?: number };
}
interface WireRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: WireKeyValue[] };
    scopeSpans?: Array<{ scope?: { name?: string }; spans?: WireSpan[] }>;
  }>;
}

// OTLP/JSON writes ids as hex strings; protobuf carries the raw bytes.
function hexId(id: string | Uint8Array | undefined): string | undefined {
  if (id === undefined) return undefined;
  const hex = typeof id === 'string' ? id.toLowerCase() : Buffer.from(id).toString('hex');
  return hex && !/^0+$/.test(hex) ? hex : undefined;
}

function attributeValue(value: WireAnyValue | undefined): AttributeValue {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(attributeValue);
  return undefined;
}

function attributes(list: WireKeyValue[] | undefined): Record<string, AttributeValue> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, attributeValue(kv.value)]));
}

function flatten(request: WireRequest): CollectedSpan[] {
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = String(attributes(resourceSpans.resource?.attributes)['service.name'] ?? 'unknown');
    return (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) =>
      (scopeSpans.spans ?? []).map((span) => ({
        service,
        scope: scopeSpans.scope?.name ?? '',
        traceId: hexId(span.traceId) ?? '',
        spanId: hexId(span.spanId) ?? '',
        parentSpanId: hexId(span.parentSpanId),
        name: span.name,
        kind: KINDS[span.kind ?? 0] ?? 'UNSPECIFIED',
        attributes: attributes(span.attributes),
        statusCode: span.status?.code ?? 0,
      })),
    );
  });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? promisify(gunzip)(body) : body;
}

/** A stand-in for an OpenTelemetry collector: accepts OTLP/HTTP trace exports (JSON or protobuf) and keeps the spans. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const collected: CollectedSpan[] = [];
  const counts = { json: 0, protobuf: 0 };
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/traces') {
      res.writeHead(404).end();
      return;
    }
    const json = (req.headers['content-type'] ?? '').startsWith('application/json');
    readBody(req)
      .then((body) => {
        const request = json
          ? (JSON.parse(body.toString('utf8')) as WireRequest)
          : (ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(body), {
              longs: String,
            }) as WireRequest);
        collected.push(...flatten(request));
        counts[json ? 'json' : 'protobuf'] += 1;
        // An empty ExportTraceServiceResponse: everything accepted.
        res
          .writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' })
          .end(json ? '{}' : undefined);
      })
      .catch((error: Error) => res.writeHead(400, { 'content-type': 'text/plain' }).end(error.message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const spans = (): CollectedSpan[] => [...collected];
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    requests: () => ({ ...counts }),
    waitForSpans: (predicate, opts = {}) =>
      waitFor(() => (predicate(spans()) ? spans() : undefined), {
        timeoutMs: 20000,
        description: 'the expected spans to be exported',
        ...opts,
      }),
    traceOf: (traceId) => collected.filter((span) => span.traceId === traceId),
    parentOf: (span) =>
      collected.find((candidate) => candidate.traceId === span.traceId && candidate.spanId === span.parentSpanId),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
