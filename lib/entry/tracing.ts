// Traces (issue 25, part 2): OpenTelemetry, exported over OTLP/HTTP (JSON) when
// OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set, off otherwise. Off, nothing
// here is loaded or registered: @opentelemetry/api's tracer stays the no-op, lib/tenancy's span check
// finds no active span, and server.ts handles requests without a wrapper.
//
// One tracer provider per process: server.ts starts it before Next prepares, and Next's
// instrumentation.ts register() starts it for a bare `next start`/`next dev`; whichever comes second
// (a separately bundled copy of this module, in server.ts's process) finds the process-wide mark and
// does nothing.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { otelBatchDelayMs, otelServiceName, otlpTracesUrl } from '@/lib/config/env';

/** The process-wide mark (globalThis, shared by every bundled copy of this module): the provider's shutdown. */
const STARTED = Symbol.for('quorum.tracing');
type Marked = typeof globalThis & { [STARTED]?: () => Promise<void> };

/**
 * Registers the tracer provider, the async context manager and the OTLP exporter when an endpoint is
 * configured; returns whether tracing is on. Idempotent within the process.
 */
export async function startTracing(): Promise<boolean> {
  const g = globalThis as Marked;
  if (g[STARTED]) return true;
  const url = otlpTracesUrl();
  if (!url) return false;
  g[STARTED] = async () => undefined; // claimed before the awaits below: a second caller does nothing
  const [{ TracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { AsyncLocalStorageContextManager }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/resources'),
    ]);
  const delay = otelBatchDelayMs();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': otelServiceName() }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url }),
        scheduledDelayMillis: Number.isFinite(delay) && delay >= 0 ? delay : 5000,
      }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  g[STARTED] = () => provider.shutdown();
  return true;
}

/** Exports the spans still buffered and stops the provider (a draining server's last step); nothing when off. */
export async function stopTracing(): Promise<void> {
  const g = globalThis as Marked;
  const stop = g[STARTED];
  if (stop) await stop().catch(() => undefined);
}

/** A segment that names one thing (an id, a token, a uuid) rather than a kind of route. */
const ID_SEGMENT = /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?=.*\d)[A-Za-z0-9_~.-]{16,})$/i;

/**
 * The route kind of a request target, for a span name: the path without its query, every id-like
 * segment as `:id` (`/api/polls/12/votes` → `/api/polls/:id/votes`), Next's assets as `/_next/*`.
 * Never the raw target: ids and tokens stay out of span names.
 */
export function routeKind(url: string | undefined): string {
  if (!url) return '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (path.startsWith('/_next/')) return '/_next/*';
  const segments = path.split('/').slice(0, 8);
  return segments.map((s) => (s.length > 64 || ID_SEGMENT.test(s) ? ':id' : s)).join('/') || '/';
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * `handle` inside a SERVER span named `METHOD route-kind`, active while the request is served (the
 * tenant transactions' spans are its children; lib/tenancy sets `quorum.tenant` on it), ended with
 * the response's status when the response closes. Only called when tracing is on.
 */
export function tracedRequests(handle: RequestHandler, tracer: Tracer = trace.getTracer('quorum')): RequestHandler {
  return (req, res) => {
    const method = req.method ?? 'GET';
    const route = routeKind(req.url);
    const span = tracer.startSpan(`${method} ${route}`, {
      kind: SpanKind.SERVER,
      attributes: { 'http.method': method, 'http.route': route },
    });
    res.once('close', () => {
      span.setAttribute('http.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(context.active(), span), () => handle(req, res));
  };
}
