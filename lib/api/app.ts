// The JSON API: one definition, served by server.ts directly (lib/api/node.ts) and by Next through
// one catch-all route handler per host kind (lib/api/next.ts), so `npm start`, `next start` and
// `next dev` answer alike. Routes live per resource in ./routes; errors map to answers in one place
// (./errors.ts); the OpenAPI document (GET /api/openapi.json) is generated from the definitions.
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyAnswer } from './answer';
import { activeTenantForHost } from '@/lib/tenancy';
import type { ApiBindings, ApiEnv } from './context';
import type { ApiApp } from './define';
import { apiLog } from './log';
import { errorResponse, jsonError } from './errors';
import { accountRoutes } from './routes/account';
import { benchRoutes } from './routes/bench';
import { healthRoutes } from './routes/health';
import { logoRoutes } from './routes/logo';
import { pollRoutes } from './routes/polls';
import { rootRoutes } from './routes/root';

export const OPENAPI_PATH = '/api/openapi.json';

function base(): ApiApp {
  const app = new OpenAPIHono<ApiEnv>();
  app.onError((err, c) => errorResponse(err, apiLog(c)));
  // Unknown paths and methods of the API: JSON, like every other refusal.
  app.notFound(() => jsonError(404, 'Not found.'));
  return app;
}

function tenantApp(): ApiApp {
  const app = base();
  benchRoutes(app);
  // Every other route runs for the host's tenant: resolved from the Host the server classified
  // (never from the client's headers or the path), active (404 unknown, 403 suspended).
  app.use(async (c, next) => {
    c.set('tenant', await activeTenantForHost(c.env.host.host));
    await next();
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A token from POST /api/login, valid on this organisation’s host only.',
  });
  healthRoutes(app);
  accountRoutes(app);
  pollRoutes(app);
  logoRoutes(app);
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: OPENAPI_PATH,
    summary: 'This document (OpenAPI 3.1), generated from the route definitions',
    tags: ['meta'],
    responses: { 200: { description: 'The document', content: { 'application/json': { schema: { type: 'object' } } } } },
  });
  let doc: string | null = null;
  app.get(OPENAPI_PATH, () => {
    doc ??= JSON.stringify(openApiDocument(app));
    return bodyAnswer(200, doc, { 'content-type': 'application/json' });
  });
  return app;
}

/** The OpenAPI 3.1 document of the tenant API, generated from the route definitions. */
export function openApiDocument(app: ApiApp = createApi().tenant) {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Quorum polls API',
      version: '1',
      description:
        'The JSON API of one organisation, on its own host. Errors are `{"error": "<sentence>"}`. ' +
        'Tokens from POST /api/login work on this host only.',
    },
    servers: [{ url: '/', description: 'This organisation’s host' }],
  });
}

export interface Api {
  tenant: ApiApp;
  root: ApiApp;
  /** Answers one request; `bindings.host` (classified by the server, never by the client) picks the host kind. */
  fetch(req: Request, bindings: ApiBindings): Promise<Response>;
}

export function createApi(): Api {
  const tenant = tenantApp();
  const root = base();
  rootRoutes(root);
  return {
    tenant,
    root,
    fetch: async (req, bindings) => (bindings.host.kind === 'tenant' ? tenant : root).fetch(req, bindings),
  };
}

let api: Api | null = null;
/** The process's API (built once). */
export function theApi(): Api {
  return (api ??= createApi());
}
