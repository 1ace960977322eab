// server.ts's front door to the JSON API: every /api/* request on a root or tenant host except
// next-auth's /api/auth/* is answered here, straight from node:http, without Next's router (the
// same app Next serves through its catch-all routes; lib/api/next.ts). The Host is classified as
// the middleware does (lib/tenancy/host.ts); an invalid one is left to Next (the middleware's 400).
// The security headers (lib/http/security-headers.mjs, as next.config.mjs sends them) and the
// request id (as the middleware sets it) are added here, since neither Next layer runs. The API's
// answers (./answer.ts) are written to node's response by the answer itself, without undici's
// Response, Headers and body stream; the global Request/Response stay Next's.
import { isProduction } from '@/lib/config/env';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { requestClientAddress } from '@/lib/infra/client-address';
import { securityHeaders } from '@/lib/http/security-headers.mjs';
import { classifyHost } from '@/lib/tenancy/host';
import { REQUEST_ID_HEADER, rootDomain } from '@/lib/tenancy/routing';
import { doorHeaders, sendAnswer, setDoorHeaders, withHeader, type DoorHeaders } from './answer';
import { theApi } from './app';
import type { ApiBindings } from './context';

/** Whether a request target is the JSON API's (and not next-auth's), however it is encoded or cased. */
export function isApiTarget(url: string | undefined): boolean {
  if (!url?.startsWith('/api/')) return false;
  // /api/ is literal here: a path whose next character is neither a, A nor an escape cannot be /api/auth.
  const c = url.charCodeAt(5);
  if (c !== 97 && c !== 65 && c !== 37) return true;
  const q = url.indexOf('?');
  let p = q === -1 ? url : url.slice(0, q);
  try {
    p = decodeURIComponent(p);
  } catch {
    // malformed escapes: Hono answers 404
  }
  p = p.toLowerCase();
  return !(p === '/api/auth' || p.startsWith('/api/auth/'));
}

/** `address`: the client address server.ts decided for the request (undefined: read from its header). */
export type DirectApiHandler = (req: IncomingMessage, res: ServerResponse, address?: string | null) => boolean;

/** A handler that answers the API's requests and returns true, or returns false for Next. */
export function directApiHandler(production = isProduction()): DirectApiHandler {
  const api = theApi();
  const security = doorHeaders(securityHeaders(production).map(({ key, value }) => [key, value] as const));
  const bindings = new WeakMap<IncomingMessage, ApiBindings & { door: DoorHeaders }>();
  const listener = getRequestListener(
    async (request, env) => {
      const incoming = env.incoming as IncomingMessage;
      const outgoing = env.outgoing as ServerResponse;
      const b = bindings.get(incoming)!;
      try {
        const answer = await api.fetch(request, b);
        if (!incoming.complete) await restOfBodyDropped(incoming);
        // The API's own answers (./answer.ts: every route's and refusal's) go straight onto node's
        // response with the door's headers, byte for byte as the listener would write their web Response.
        return sendAnswer(answer, outgoing, b.door);
      } catch (err) {
        // The listener answers a 500 itself: with the door's headers too.
        if (!outgoing.headersSent) setDoorHeaders(outgoing, b.door);
        throw err;
      }
    },
    // Next shares this process: the global Request/Response stay Node's own.
    { overrideGlobalObjects: false },
  );
  return (req, res, address) => {
    if (!isApiTarget(req.url)) return false;
    const host = classifyHost(req.headers.host, rootDomain());
    if (host.kind === 'invalid') return false;
    const requestId = randomUUID();
    bindings.set(req, {
      host: { host: host.kind === 'tenant' ? host.host : rootDomain(), kind: host.kind },
      requestId,
      address: address === undefined ? requestClientAddress(req.headers) : address,
      direct: true,
      incoming: req,
      // Written with the answer's own headers in one writeHead (./answer.ts), not set one by one here.
      door: withHeader(security, REQUEST_ID_HEADER, requestId),
    });
    void listener(req, res);
    return true;
  };
}

const DROP_MAX_BYTES = 8 * 1024 * 1024;
const DROP_MAX_MS = 5_000;

/**
 * Reads and drops what is left of a request body the answer did not need (a refusal of a body over
 * the limit, a body nobody asked for) before the answer goes out. Otherwise node closes the
 * connection (Connection: close) with the client's bytes still arriving, the kernel answers them
 * with a reset, and the client's TCP stack drops our unread answer with it: the client sees
 * "connection reset" instead of the 400 and its sentence (nginx's and Apache's "lingering close").
 * Bounded: past 8 MB or 5 s the answer goes anyway.
 */
function restOfBodyDropped(incoming: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    let size = 0;
    const done = () => {
      clearTimeout(timer);
      incoming.off('data', onData);
      incoming.off('end', done);
      incoming.off('error', done);
      incoming.off('close', done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > DROP_MAX_BYTES) done();
    };
    const timer = setTimeout(done, DROP_MAX_MS);
    incoming.on('data', onData);
    incoming.on('end', done);
    incoming.on('error', done);
    incoming.on('close', done);
    incoming.resume();
  });
}
