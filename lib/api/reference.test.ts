import { describe, expect, it } from 'vitest';
import { apiReference } from './reference';

describe('the API reference page’s data (from the OpenAPI document)', () => {
  it('lists every tenant operation with its auth, body and responses', () => {
    const ops = apiReference();
    const names = ops.map((o) => `${o.method} ${o.path}`);
    for (const n of [
      'POST /api/login',
      'GET /api/polls',
      'POST /api/polls',
      'GET /api/polls/{id}',
      'PATCH /api/polls/{id}',
      'DELETE /api/polls/{id}',
      'POST /api/polls/{id}/votes',
      'GET /api/openapi.json',
    ])
      expect(names).toContain(n);
    const create = ops.find((o) => o.method === 'POST' && o.path === '/api/polls')!;
    expect(create.auth).toBe('Needs a bearer token.');
    expect(create.body?.type).toBe('application/json');
    expect(create.body?.schema).toContain('"question"');
    expect(create.responses.map((r) => r.status)).toEqual(expect.arrayContaining(['201', '400', '401']));
    const list = ops.find((o) => o.method === 'GET' && o.path === '/api/polls')!;
    expect(list.params.map((p) => p.name)).toEqual(['limit', 'cursor']);
    expect(list.auth).toMatch(/optional/);
    // Named schemas are inlined so each operation reads on its own.
    expect(list.responses.find((r) => r.status === '200')?.schema).toContain('"choice_text"');
  });
});
