import pino from 'pino';
import { logLevel } from '@/lib/config/env';

// Structured logs; request and query errors carry tenant schema, host and request id
// through child loggers (see requestLogger). Secrets are redacted by key name.
export const log = pino({
  level: logLevel(),
  base: { app: 'quorum' },
  redact: {
    paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'password_hash', '*.password_hash'],
    censor: '[redacted]',
  },
});

export interface RequestLogContext {
  requestId?: string | null;
  host?: string | null;
  tenant?: string | null;
  /** The client address (lib/infra/client-address.ts: the socket peer or a trusted proxy's hop). */
  address?: string | null;
}

export function requestLogger(ctx: RequestLogContext) {
  return log.child({
    requestId: ctx.requestId ?? undefined,
    host: ctx.host ?? undefined,
    tenant: ctx.tenant ?? undefined,
    address: ctx.address ?? undefined,
  });
}
