// What the JSON API knows about a request before any route runs, handed in by whoever serves it
// (server.ts directly, or Next's catch-all route handlers): the host as the server decided it (never
// from the client's headers), the request id and the trusted client address.
import type { Logger } from 'pino';
import type { ResolvedTenant } from '@/lib/tenancy';
import type { RequestHost } from '@/lib/tenancy/request';

export interface ApiBindings {
  /** The normalised Host and its kind ('root' | 'tenant'), classified by the server. */
  host: RequestHost;
  requestId: string;
  /** The trusted client address (server.ts decides it from the socket and TRUST_PROXY), or null. */
  address: string | null;
  /**
   * Served by server.ts without Next: the API adds the security headers and the request id itself
   * (through Next, next.config `headers()` and the middleware add them).
   */
  direct: boolean;
  /**
   * Served directly: the node request, whose body readJson reads as it arrives instead of through
   * a web Request's stream (lib/api/body.ts). Absent through Next.
   */
  incoming?: import('node:http').IncomingMessage;
}

export interface ApiVariables {
  log?: Logger;
  /** Set by the tenant middleware on tenant hosts. */
  tenant: ResolvedTenant;
}

export interface ApiEnv {
  Bindings: ApiBindings;
  Variables: ApiVariables;
}
