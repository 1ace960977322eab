// A client that goes away mid-request (an upload cancelled half-way, a tab closed while a page
// streams) is not a server fault. Node reports it as Error('aborted') with code ECONNRESET (or a
// premature close of the body stream), and Next prints that as an error with a stack. These
// helpers recognise it so it is logged at debug level, quietly, instead.
import { log } from '@/lib/infra/log';

const ABORT_CODES = new Set(['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE', 'EPIPE']);

/** Whether an error is only the client having gone away. */
export function isClientAbort(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { message?: unknown; code?: unknown; name?: unknown; cause?: unknown };
  if (e.message === 'aborted' && (e.code === 'ECONNRESET' || e.code === undefined)) return true;
  if (typeof e.code === 'string' && ABORT_CODES.has(e.code) && /aborted|premature close|socket hang up|EPIPE/i.test(String(e.message)))
    return true;
  return e.cause !== undefined && e.cause !== err && isClientAbort(e.cause);
}

let installed = false;

/**
 * Routes console.error calls that carry a client abort (how Next reports them) to a debug line;
 * everything else is printed as before. Idempotent.
 */
export function quietClientAborts(): void {
  if (installed) return;
  installed = true;
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    const abort = args.find(isClientAbort) as Error | undefined;
    if (abort) {
      log.debug({ code: (abort as { code?: string }).code }, 'client went away mid-request');
      return;
    }
    original(...args);
  };
}
