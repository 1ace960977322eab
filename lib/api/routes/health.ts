import { jsonAnswer } from '../answer';
import { define, json, type ApiApp } from '../define';
import { Health } from '../schemas';

export function healthRoutes(app: ApiApp): void {
  define(
    app,
    { method: 'get', path: '/api/health', summary: 'Health of this host', tags: ['meta'], responses: { 200: json(Health, 'Up') } },
    (c) => jsonAnswer({ ok: true, tenant: c.get('tenant').schema }),
  );
}
