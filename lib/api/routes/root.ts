// The root host's JSON endpoints.
import { z } from 'zod';
import { isServedDomain } from '@/lib/platform/domain-reads';
import { jsonAnswer } from '../answer';
import { define, error, json, type ApiApp } from '../define';
import { jsonError } from '../errors';
import { Health } from '../schemas';

export function rootRoutes(app: ApiApp): void {
  define(app, { method: 'get', path: '/api/health', summary: 'Health of the root host', responses: { 200: json(Health, 'Up') } }, () =>
    jsonAnswer({ ok: true, tenant: null }),
  );

  // Caddy's on-demand TLS `ask`: 200 = issue a certificate for this host, anything else = refuse.
  // Only verified domains (tenant subdomains are verified on creation) get one, so nobody can make
  // the proxy request certificates for names we do not serve. Root host only (tenant hosts 404).
  define(
    app,
    {
      method: 'get',
      path: '/api/domains/tls-ask',
      summary: 'Whether a certificate may be issued for a domain',
      request: {
        query: z.object({
          domain: z
            .string()
            .optional()
            .openapi({ param: { name: 'domain', in: 'query' } }),
        }),
      },
      responses: { 200: json(z.object({ ok: z.literal(true), domain: z.string() }), 'Served'), 404: error('Not served') },
    },
    async (c) => {
      const domain = c.req.query('domain') ?? '';
      if (domain && (await isServedDomain(domain))) return jsonAnswer({ ok: true, domain: domain.toLowerCase() });
      return jsonError(404, 'Not a verified domain of any organisation.');
    },
  );
}
