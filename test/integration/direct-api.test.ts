// The JSON API served by server.ts directly (lib/api/node.ts) answers exactly what the same app
// answers through Next's catch-all routes (QUORUM_DIRECT_API=0): the same status, the same JSON and
// the same security headers, for anonymous reads, tokens, query strings, writes, odd paths, root and
// bad hosts. (Ported from the lean-path parity test: same requests, same assertions.)
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { migrateShared } from '@/lib/tenancy/migrate/runner';
import { createPoll } from '@/lib/features/polls/polls';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { updateTenant } from '@/lib/platform/tenants';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { installJobQueue } from '@/lib/jobs/worker';
import { request, startApp, type AppServer, type HttpResult } from '@/harness/app-server';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';

let lean: AppServer;
let plain: AppServer;

const SECURITY = [
  'x-content-type-options',
  'x-frame-options',
  'content-security-policy',
  'referrer-policy',
  'permissions-policy',
  'strict-transport-security',
];

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  for (const s of ['lean_a', 'lean_s', 'lean_p', 'lean_m']) {
    await provisionTenantWithAdmin(directDb(), {
      schema: s,
      name: s,
      domain: `${s.replace('_', '-')}.localhost`,
      admin: { email: `admin@${s.replace('_', '-')}.test`, password: 'password123' },
    });
  }
  await withTenant({ schema: 'lean_a' }, async (db) => {
    await createPoll(db, { id: 1, role: 'admin' }, { question: 'Lean or not?', choices: ['lean', 'not'] });
    await createPoll(db, { id: 1, role: 'admin' }, { question: 'Second <b>question</b> "quoted"?', choices: ['ä', 'ß'] });
  });
  // More polls than one page (default limit 50): the first page carries next_cursor.
  await withTenant({ schema: 'lean_m' }, async (db) => {
    for (let i = 1; i <= 51; i++) await createPoll(db, { id: 1, role: 'admin' }, { question: `Poll ${i}?`, choices: ['yes', 'no'] });
  });
  await withTenant({ schema: 'lean_p' }, async (db) => {
    await createPoll(db, { id: 1, role: 'admin' }, { question: 'Private?', choices: ['yes', 'no'] });
  });
  await updateTenant(directDb(), 'lean_s', { status: 'suspended' });
  await updateTenant(directDb(), 'lean_p', { publicReads: false });
  [lean, plain] = await Promise.all([
    startApp({ ...testProcessEnv(), QUORUM_DIRECT_API: '1' }),
    startApp({ ...testProcessEnv(), QUORUM_DIRECT_API: '0' }),
  ]);
}, 300_000);

afterAll(async () => {
  await Promise.all([lean?.stop(), plain?.stop()]);
  await stopTenancyListener();
  await closePools();
});

const both = async (sub: string | null, path: string, opts: Parameters<typeof request>[4] = {}, method = 'GET') => {
  const host = (a: AppServer) => (sub === null ? a.rootDomain : sub.includes(' ') ? sub : `${sub}.localhost:${a.port}`);
  const [l, p] = await Promise.all([
    request(lean.port, host(lean), method, path, opts),
    request(plain.port, host(plain), method, path, opts),
  ]);
  return { l, p };
};

function expectSame(l: HttpResult, p: HttpResult) {
  expect(l.status, l.text).toBe(p.status);
  expect(l.body).toEqual(p.body);
  expect(l.headers['content-type']).toContain('application/json');
  for (const h of SECURITY) expect(l.headers[h], h).toBe(p.headers[h]);
  expect(l.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
}

describe('JSON API served directly', () => {
  it.each([
    ['the poll list', 'lean-a', '/api/polls', 200],
    ['one poll', 'lean-a', '/api/polls/1', 200],
    ['a poll that does not exist', 'lean-a', '/api/polls/999', 404],
    ['an id beyond integer range', 'lean-a', '/api/polls/99999999999', 404],
    ['an unknown tenant', 'nobody', '/api/polls', 404],
    ['a suspended tenant', 'lean-s', '/api/polls', 403],
    ['the list of a tenant without public reads', 'lean-p', '/api/polls', 401],
    ['a poll of a tenant without public reads', 'lean-p', '/api/polls/1', 401],
    ['a missing poll of a tenant without public reads', 'lean-p', '/api/polls/999', 401],
    ['the first page of a long list', 'lean-m', '/api/polls', 200],
  ] as const)('%s: same answer as through Next', async (_label, sub, path, status) => {
    const { l, p } = await both(sub, path);
    expect(p.status).toBe(status);
    expectSame(l, p);
  });

  it('answers the list itself (no Next RSC headers), with the tenant of the Host only', async () => {
    const { l } = await both('lean-a', '/api/polls', { headers: { 'x-quorum-host': 'lean-s.localhost' } });
    expect(l.status).toBe(200);
    expect((l.body as { tenant: string }).tenant).toBe('lean_a');
    expect(l.headers.vary ?? '').not.toMatch(/rsc/i);
    expect((l.body as { polls: { question: string }[] }).polls.map((x) => x.question)).toEqual([
      'Second <b>question</b> "quoted"?',
      'Lean or not?',
    ]);
  });

  it('pages like Next: 50 polls and next_cursor on a long list, next_cursor null on a short one; no emails', async () => {
    const long = await both('lean-m', '/api/polls');
    const body = long.l.body as { polls: { author: string | null }[]; next_cursor: string | null };
    expect(body.polls).toHaveLength(50);
    expect(body.next_cursor).toEqual(expect.any(String));
    expect(long.l.text).not.toContain('@');
    const short = await both('lean-a', '/api/polls');
    expect((short.l.body as { next_cursor: string | null }).next_cursor).toBeNull();
    expect(short.l.text).not.toContain('@');
  });

  it('a tenant without public reads: the same 401 sentence as Next', async () => {
    const { l } = await both('lean-p', '/api/polls');
    expect(l.body).toEqual({
      error: 'This organisation’s polls are not public: log in (POST /api/login) and send the token as a Bearer header.',
    });
  });

  it.each([
    ['a query string', 'lean-a', '/api/polls?limit=1'],
    ['a non-numeric id', 'lean-a', '/api/polls/abc'],
    ['the votes sub-route', 'lean-a', '/api/polls/1/votes'],
    ['the internal prefix', 'lean-a', '/sites/lean-a.localhost/api/polls'],
    ['the root host', null, '/api/polls'],
    ['a bad Host', 'bad host!', '/api/polls'],
  ] as const)('%s: same answer directly and through Next', async (_label, sub, path) => {
    const { l, p } = await both(sub, path);
    expect(l.status, l.text.slice(0, 200)).toBe(p.status);
    expect(l.headers['content-type']).toBe(p.headers['content-type']);
    // HTML pages name their server's port; JSON must match exactly.
    if (String(p.headers['content-type']).includes('json')) expect(l.body).toEqual(p.body);
  });

  it('a bearer token: the same 401 directly and through Next', async () => {
    const { l, p } = await both('lean-a', '/api/polls', { token: 'not-a-token' });
    expect(p.status).toBe(401);
    expect(l.status).toBe(401);
    expect(l.body).toEqual(p.body);
  });

  it('other methods: the same answer directly and through Next', async () => {
    const { l, p } = await both('lean-a', '/api/polls', { json: { question: 'x?', choices: ['a', 'b'] } }, 'POST');
    expect(l.status).toBe(p.status);
    expect(l.status).toBe(401);
  });
});

describe('request bodies read straight from node (server.ts) and through Next', () => {
  /** POSTs `body` in chunks of 16 KB without a Content-Length (chunked), as a streaming client does. */
  const chunked = (a: AppServer, token: string, body: string) =>
    new Promise<{ status: number; json: { error?: string; question?: string } }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: a.port,
          method: 'POST',
          path: '/api/polls',
          headers: { host: `lean-a.localhost:${a.port}`, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as { error?: string; question?: string } }));
        },
      );
      req.on('error', reject);
      for (let i = 0; i < body.length; i += 16_384) req.write(body.slice(i, i + 16_384));
      req.end();
    });

  it('a chunked body: created when small, the same 400 sentence past 64 KB, nothing stored', async () => {
    for (const a of [lean, plain]) {
      const login = await request<{ token: string }>(a.port, `lean-a.localhost:${a.port}`, 'POST', '/api/login', {
        json: { email: 'admin@lean-a.test', password: 'password123' },
      });
      expect(login.status).toBe(200);
      const small = await chunked(a, login.body.token, JSON.stringify({ question: `Chunked ${a.port}?`, choices: ['a', 'b'] }));
      expect(small.status).toBe(201);
      expect(small.json.question).toBe(`Chunked ${a.port}?`);
      const big = await chunked(
        a,
        login.body.token,
        JSON.stringify({ question: `Too big ${a.port}?`, choices: ['a', 'x'.repeat(70_000)] }),
      );
      expect(big.status).toBe(400);
      expect(big.json.error).toBe('The request body is larger than 64 KB.');
    }
    const stored = await withTenant({ schema: 'lean_a' }, (db) =>
      db.selectFrom('polls').select('question').where('question', 'like', 'Too big%').execute(),
    );
    expect(stored).toEqual([]);
  });
});

// Byte for byte: the direct door writes the API's answers to node's response itself (lib/api/
// answer.ts), Next serves the real Response they stand for. Every header either side sends must
// be the other's too (but for what only one server adds: the connection's, the request id, Next's
// Vary and X-Middleware-Rewrite, and how the length is framed: Next may stream, the direct door sends Content-Length), and
// the bodies must be the same bytes — for reads, refusals (400/401/404/409) and writes (POST).
describe('the same bytes directly and through Next', () => {
  const FRAMING = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'x-request-id']);
  // What only Next adds: its router's Vary and the middleware's rewrite target.
  const NEXT_ONLY = new Set(['vary', 'x-middleware-rewrite']);
  let token: string;

  beforeAll(async () => {
    // The reset link is queued as a job (without the queue both doors answer 500, alike).
    await installJobQueue();
    const login = await request<{ token: string }>(lean.port, `lean-a.localhost:${lean.port}`, 'POST', '/api/login', {
      json: { email: 'admin@lean-a.test', password: 'password123' },
    });
    expect(login.status).toBe(200);
    token = login.body.token;
    // Voted once on poll 1 (which allows no change): a second vote is the 409, on both doors.
    const first = await request(lean.port, `lean-a.localhost:${lean.port}`, 'POST', '/api/polls/1/votes', {
      token,
      json: { choice_id: 1 },
    });
    expect(first.status).toBe(201);
  });

  const names = (r: HttpResult) =>
    Object.keys(r.headers)
      .filter((h) => !FRAMING.has(h) && !NEXT_ONLY.has(h))
      .sort();

  function expectSameBytes(l: HttpResult, p: HttpResult) {
    expect(l.status, l.text).toBe(p.status);
    expect(l.text).toBe(p.text);
    expect(names(l)).toEqual(names(p));
    for (const h of names(l)) expect(l.headers[h], h).toEqual(p.headers[h]);
    // The direct door frames its answers with their exact length, as it did with web Responses.
    if (l.status !== 204 && l.status !== 304) expect(l.headers['content-length']).toBe(String(Buffer.byteLength(l.text)));
    else expect(l.text).toBe('');
  }

  it.each([
    ['the poll list', 'lean-a', 'GET', '/api/polls', {}, 200],
    ['a page of the long list', 'lean-m', 'GET', '/api/polls?limit=2', {}, 200],
    ['one poll', 'lean-a', 'GET', '/api/polls/2', {}, 200],
    ['the OpenAPI document', 'lean-a', 'GET', '/api/openapi.json', {}, 200],
    ['the root host’s health', null, 'GET', '/api/health', {}, 200],
    ['a bad limit', 'lean-a', 'GET', '/api/polls?limit=0', {}, 400],
    ['a bad token', 'lean-a', 'GET', '/api/polls', { token: 'not-a-token' }, 401],
    ['a missing poll', 'lean-a', 'GET', '/api/polls/999', {}, 404],
    ['an unknown path', 'lean-a', 'GET', '/api/nothing-here', {}, 404],
    ['an unknown tenant', 'nobody', 'GET', '/api/polls', {}, 404],
    ['a suspended tenant', 'lean-s', 'GET', '/api/polls', {}, 403],
    ['a POST without a token', 'lean-a', 'POST', '/api/polls', { json: { question: 'x?', choices: ['a', 'b'] } }, 401],
    ['a POST of invalid JSON', 'lean-a', 'POST', '/api/polls', { body: '{"question":' }, 400],
    ['a POST with a wrong password', 'lean-a', 'POST', '/api/login', { json: { email: 'admin@lean-a.test', password: 'wrong' } }, 401],
    ['a POST asking for a reset link', 'lean-a', 'POST', '/api/password-reset', { json: { email: 'nobody@lean-a.test' } }, 202],
  ] as const)('%s', async (_label, sub, method, path, opts, status) => {
    const { l, p } = await both(sub, path, { ...opts }, method);
    expect(p.status, p.text).toBe(status);
    expectSameBytes(l, p);
  });

  it('with a token: a read, a refused write (409, 404) and a second vote', async () => {
    for (const [method, path, json, status] of [
      ['GET', '/api/polls?limit=1', undefined, 200],
      ['GET', '/api/polls/1', undefined, 200],
      ['POST', '/api/polls/1/votes', { choice_id: 2 }, 409],
      ['POST', '/api/polls/999/votes', { choice_id: 1 }, 404],
      ['DELETE', '/api/polls/999', undefined, 404],
      ['POST', '/api/polls', { question: '', choices: ['a'] }, 400],
    ] as const) {
      const { l, p } = await both('lean-a', path, json === undefined ? { token } : { token, json }, method);
      expect(p.status, `${method} ${path} ${p.text}`).toBe(status);
      expectSameBytes(l, p);
    }
  });

  it('a POST that creates: the same headers, the same body but for the new id', async () => {
    const { l, p } = await both('lean-a', '/api/polls', { token, json: { question: 'Both doors?', choices: ['a', 'b'] } }, 'POST');
    expect([l.status, p.status]).toEqual([201, 201]);
    const masked = (r: HttpResult) => r.text.replace(/"id":\d+/g, '"id":0').replace(/"pub_date":"[^"]*"/g, '"pub_date":""');
    expect(masked(l)).toBe(masked(p));
    expect(names(l)).toEqual(names(p));
    for (const h of names(l)) expect(l.headers[h], h).toEqual(p.headers[h]);
    expect(l.headers['content-length']).toBe(String(Buffer.byteLength(l.text)));
  });
});
