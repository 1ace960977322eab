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
