import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isSpanContextValid, trace } from '@opentelemetry/api';

export interface RequestTrace {
  /** 32 lowercase hex digits, never all zeros. */
  traceId: string;
  /** True when an OpenTelemetry span carries it: pino's instrumentation then puts it on each line itself. */
  fromSpan: boolean;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const ZEROS = /^0+$/;
const traces = new WeakMap<IncomingMessage, RequestTrace>();

function callerTraceId(raw: IncomingMessage): string | undefined {
  const header = raw.headers.traceparent;
  const match = typeof header === 'string' ? TRACEPARENT.exec(header.trim()) : null;
  if (!match || ZEROS.test(match[1] ?? '0') || ZEROS.test(match[2] ?? '0')) return undefined;
  return match[1];
}

/**
 * Decides a request's trace id once, when Fastify makes its logger: the active span's when OpenTelemetry traces the
 * request, otherwise the caller's `traceparent`, otherwise a new random one; so a problem and the log lines of the
 * request always name the same real W3C trace id, exported or not.
 */
export function startRequestTrace(raw: IncomingMessage): RequestTrace {
  const known = traces.get(raw);
  if (known) return known;
  const span = trace.getActiveSpan()?.spanContext();
  const started: RequestTrace =
    span && isSpanContextValid(span)
      ? { traceId: span.traceId, fromSpan: true }
      : { traceId: callerTraceId(raw) ?? randomBytes(16).toString('hex'), fromSpan: false };
  traces.set(raw, started);
  return started;
}
