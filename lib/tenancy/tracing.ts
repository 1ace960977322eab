// Spans of the tenant transactions (issue 25, part 2), through @opentelemetry/api alone: the SDK is
// started by the entry points (lib/entry/tracing.ts) or not at all. Off, the API has no context
// manager, so there is never an active span and a transaction costs one lookup that finds none.
import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { isTenantBusyError } from './fair-share';

const tracer = trace.getTracer('quorum.tenancy');

/**
 * A child span of the active (request) span for one tenant transaction, or undefined when nothing
 * is being traced (then nothing is allocated). Both spans carry the tenant's schema as `quorum.tenant`.
 */
export function tenantSpan(name: string, schema: string): Span | undefined {
  const parent = trace.getActiveSpan();
  if (!parent?.isRecording()) return undefined;
  parent.setAttribute('quorum.tenant', schema);
  return tracer.startSpan(name, { attributes: { 'quorum.tenant': schema } });
}

/**
 * Ends `span` when the transaction `run` settles, with its `quorum.outcome`: `ok`, `refused` (the
 * fair share had no slot in time) or `error` (the exception recorded). Resolves as `run` does.
 */
export function endTenantSpan<T>(span: Span, run: Promise<T>): Promise<T> {
  return run.then(
    (result) => {
      span.setAttribute('quorum.outcome', 'ok');
      span.end();
      return result;
    },
    (err: unknown) => {
      const refused = isTenantBusyError(err);
      span.setAttribute('quorum.outcome', refused ? 'refused' : 'error');
      if (err instanceof Error) span.recordException(err);
      span.setStatus({ code: SpanStatusCode.ERROR, message: refused ? 'refused by the fair share' : undefined });
      span.end();
      throw err;
    },
  );
}
