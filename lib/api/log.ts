import type { Logger } from 'pino';
import { requestLogger } from '@/lib/infra/log';
import type { ApiContext } from './define';

/** The request's logger (host, request id, client address; the tenant once known), made on first use. */
export function apiLog(c: ApiContext): Logger {
  let l = c.get('log');
  if (!l) {
    l = requestLogger({ requestId: c.env.requestId, host: c.env.host.host, address: c.env.address, tenant: c.get('tenant')?.schema });
    c.set('log', l);
  }
  return l;
}
