import type { IncomingMessage } from 'node:http';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation, type UndiciRequest } from '@opentelemetry/instrumentation-undici';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { MongooseInstrumentation } from '@opentelemetry/instrumentation-mongoose';
import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { ATTR_URL_FULL, ATTR_URL_PATH, ATTR_URL_QUERY } from '@opentelemetry/semantic-conventions';

// Probes and scrapes arrive every few seconds from the orchestrator and Prometheus: traces of them are noise.
type Instrumentation = NonNullable<NodeSDKConfiguration['instrumentations']>[number];

const UNTRACED_PATHS = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

// Query parameters that may carry credentials, replaced by REDACTED in span attributes (the logger redacts the same).
export const SECRET_QUERY_PARAMS = [
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'password',
  'sig',
  'Signature',
  'AWSAccessKeyId',
  'X-Goog-Signature',
];

export function isUntracedPath(url: string | undefined): boolean {
  return UNTRACED_PATHS.has((url ?? '').split('?')[0] ?? '');
}

export function redactQuery(search: string): string {
  if (!search) return search;
  const params = new URLSearchParams(search);
  for (const name of SECRET_QUERY_PARAMS) if (params.has(name)) params.set(name, 'REDACTED');
  const redacted = params.toString();
  return redacted ? `?${redacted}` : '';
}

function redactedUrlAttributes(request: UndiciRequest): Record<string, string> {
  const url = new URL(request.path, request.origin);
  url.search = redactQuery(url.search);
  return { [ATTR_URL_FULL]: url.toString(), [ATTR_URL_QUERY]: url.search };
}

/**
 * What every Shopwire process traces: HTTP in and out (node:http and undici, which the gateway proxies with),
 * Fastify routes, MongoDB and mongoose, AMQP publish and consume, and trace ids in pino's log lines.
 * fs, dns and net are left out on purpose: they cost a span per call and tell nothing a request span does not.
 */
export function shopwireInstrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request: IncomingMessage) => isUntracedPath(request.url),
      // Outgoing calls outside any request (readiness probes of upstreams) would each start a trace of their own.
      requireParentforOutgoingSpans: true,
      redactedQueryParams: SECRET_QUERY_PARAMS,
      redactedQueryParamsServer: SECRET_QUERY_PARAMS,
    }),
    new UndiciInstrumentation({
      ignoreRequestHook: (request) => isUntracedPath(request.path),
      requireParentforSpans: true,
      startSpanHook: redactedUrlAttributes,
    }),
    // Registered through Fastify's initialization diagnostics channel, so every instance is covered without app code.
    new FastifyOtelInstrumentation({
      registerOnInitialization: true,
      ignorePaths: (route) => UNTRACED_PATHS.has(route.url),
      instrumentHooks: ['preHandler'],
      // Its request span records the raw URL as url.path, query (and any token in it) included.
      requestHook: (span, request) => span.setAttribute(ATTR_URL_PATH, request.url.split('?')[0] ?? ''),
    }),
    new MongoDBInstrumentation({ requireParentSpan: true }),
    new MongooseInstrumentation({ requireParentSpan: true }),
    new AmqplibInstrumentation(),
    // Only correlation (trace_id/span_id in each line): the logs themselves go to stdout, not through OTLP.
    new PinoInstrumentation({ disableLogSending: true }),
  ];
}
