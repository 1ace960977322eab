// Next's door to the JSON API: the one catch-all route handler of each host kind
// (app/sites/[host]/api/[...path]/route.ts for tenant hosts, app/api/[...path]/route.ts for the root
// host) hands the request to the same app server.ts serves directly. The host comes from the trusted
// headers the middleware set (and must agree with the rewritten [host] segment); the path is the
// API's own (/api/...), rebuilt from the catch-all segments.
import { requestClientAddress } from '@/lib/infra/client-address';
import { hostFromHeaders, segmentMatches } from '@/lib/tenancy/request';
import { REQUEST_ID_HEADER } from '@/lib/tenancy/routing';
import { asResponse } from './answer';
import { theApi } from './app';
import { jsonError } from './errors';

type Params = { params: Promise<{ host?: string; path?: string[] }> };

export function nextApiHandler(kind: 'tenant' | 'root') {
  return async (req: Request, context: Params): Promise<Response> => {
    const rh = hostFromHeaders((name) => req.headers.get(name));
    const params = await context.params;
    if (kind === 'tenant' ? !segmentMatches(params.host, rh) : rh?.kind !== 'root') return jsonError(404, 'Not found.').toResponse();
    const url = new URL(req.url);
    url.pathname = `/api/${(params.path ?? []).map(encodeURIComponent).join('/')}`;
    const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers: req.headers };
    if (req.body && req.method !== 'GET' && req.method !== 'HEAD') {
      init.body = req.body;
      init.duplex = 'half';
    }
    const res = await theApi().fetch(new Request(url, init), {
      host: rh!,
      requestId: req.headers.get(REQUEST_ID_HEADER) ?? crypto.randomUUID(),
      address: requestClientAddress(req.headers),
      direct: false,
    });
    // Next wants a real Response: the API's own answers (./answer.ts) become the one they stand for.
    return asResponse(res);
  };
}
