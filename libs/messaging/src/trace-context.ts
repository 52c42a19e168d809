import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { context, propagation, ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';

export interface TraceHeaders {
  traceparent: string;
  tracestate?: string;
}

// The trace a handler runs in, for when no OpenTelemetry SDK is registered to carry it in the active context.
const handlerTrace = new AsyncLocalStorage<TraceHeaders>();
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

function newSpanId(): string {
  return randomBytes(8).toString('hex');
}

/** The W3C trace context of the current work, as headers for an event; a new trace when there is none. */
export function captureTraceHeaders(): TraceHeaders {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  if (carrier.traceparent)
    return carrier.tracestate
      ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate }
      : { traceparent: carrier.traceparent };
  const inherited = handlerTrace.getStore();
  if (inherited) {
    const match = TRACEPARENT.exec(inherited.traceparent);
    if (match) return { ...inherited, traceparent: `00-${match[1]}-${newSpanId()}-${match[3]}` };
  }
  return { traceparent: `00-${randomBytes(16).toString('hex')}-${newSpanId()}-01` };
}

/** Runs `fn` as the continuation of the trace carried in message headers. */
export function runInTrace<R>(headers: Record<string, unknown> | undefined, fn: () => R): R {
  const traceparent = typeof headers?.traceparent === 'string' ? headers.traceparent : undefined;
  if (!traceparent || !TRACEPARENT.test(traceparent)) return fn();
  const tracestate = typeof headers?.tracestate === 'string' ? headers.tracestate : undefined;
  const carried: TraceHeaders = tracestate ? { traceparent, tracestate } : { traceparent };
  const parent: Context = propagation.extract(context.active(), carried);
  return handlerTrace.run(carried, () => context.with(parent, fn));
}

export function activeTraceId(): string | undefined {
  return (
    trace.getActiveSpan()?.spanContext().traceId ?? TRACEPARENT.exec(handlerTrace.getStore()?.traceparent ?? '')?.[1]
  );
}

/** Runs `fn` outside any trace: background work must not join the request that happened to start it. */
export function runDetached<R>(fn: () => R): R {
  return handlerTrace.exit(() => context.with(ROOT_CONTEXT, fn));
}
