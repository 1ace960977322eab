// The OpenAPI document (GET /api/openapi.json, generated from lib/api's route definitions) is the
// contract: real requests against the built app (server.ts, PostgreSQL behind PgBouncer) reach every
// operation of the document, and every answer — its status and its JSON body — must be one the
// document declares for that operation.
import http from 'node:http';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { installJobQueue } from '@/lib/jobs/worker';
import { migrateShared } from '@/lib/tenancy/migrate/runner';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { createUser } from '@/lib/features/auth/users';
import { request, startApp, type AppServer, type HttpResult } from '@/harness/app-server';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';

type Schema = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

let app: AppServer;
let doc: Doc;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validators = new Map<Schema, ReturnType<typeof ajv.compile>>();
const reached = new Set<string>();

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
const HOST = () => `contract.localhost:${app.port}`;

/** The document's operation for a concrete path (`/api/polls/7` → `/api/polls/{id}`). */
function operationOf(method: string, path: string): { template: string; op: Operation } {
  const pathname = path.split('?')[0]!;
  for (const [template, item] of Object.entries(doc.paths)) {
    const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (re.test(pathname) && item[method.toLowerCase()]) return { template, op: item[method.toLowerCase()]! };
  }
  throw new Error(`${method} ${pathname} is not in the OpenAPI document`);
}

/** Checks an answer against the document: a declared status, and a body that fits its schema. */
function conforms(method: string, path: string, r: { status: number; headers: http.IncomingHttpHeaders; body: unknown }): void {
  const { template, op } = operationOf(method, path);
  const declared = op.responses[String(r.status)];
  expect(declared, `${method} ${path}: status ${r.status} is not declared (${Object.keys(op.responses).join(', ')})`).toBeDefined();
  reached.add(`${method.toUpperCase()} ${template}`);
  const media = declared!.content?.['application/json'];
  if (!media) {
    if (!declared!.content)
      expect(r.body === null || r.body === '', `${method} ${path}: ${r.status} has no body in the document`).toBe(true);
    return;
  }
  expect(r.headers['content-type'], `${method} ${path}`).toContain('application/json');
  let validate = validators.get(media.schema);
  if (!validate) validators.set(media.schema, (validate = ajv.compile({ ...media.schema, components: doc.components })));
  expect(
    validate(r.body),
    `${method} ${path} ${r.status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(r.body).slice(0, 500)}`,
  ).toBe(true);
}

async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  opts: Parameters<typeof request>[4] = {},
): Promise<HttpResult<T>> {
  const r = await request<T>(app.port, HOST(), method, path, opts);
  conforms(method, path, r);
  return r;
}

function rawUpload(
  method: string,
  token: string,
  body?: Buffer,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: unknown }> {
  const headers: Record<string, string> = { host: HOST(), authorization: `Bearer ${token}` };
  if (body) Object.assign(headers, { 'content-type': 'image/png', 'content-length': String(body.length) });
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: app.port, method, path: '/api/logo', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        const json = String(res.headers['content-type']).includes('json');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: json ? JSON.parse(buf.toString('utf8')) : buf.length ? buf : null,
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  // Closing polls, invitations and reset emails are queued as jobs.
  await installJobQueue();
  await provisionTenantWithAdmin(directDb(), {
    schema: 'contract',
    name: 'Contract',
    domain: 'contract.localhost',
    admin: { email: 'admin@contract.test', password: 'password123' },
  });
  await withTenant({ schema: 'contract' }, (db) => createUser(db, { email: 'member@contract.test', password: 'password123' }));
  app = await startApp({ ...testProcessEnv(), LOGIN_LIMIT_PER_ADDRESS: '100000', LOGIN_LIMIT_PER_TENANT_ADDRESS: '100000' });
  const r = await request<Doc>(app.port, HOST(), 'GET', '/api/openapi.json');
  expect(r.status).toBe(200);
  doc = r.body;
}, 300_000);

afterAll(async () => {
  // The mail jobs this file queued (no worker runs here) would stay pending for the suites that share the database.
  await sql`select graphile_worker.complete_jobs(array(select id from graphile_worker.jobs))`.execute(directDb());
  await app?.stop();
  await stopTenancyListener();
  await closePools();
});

describe('the JSON API answers as its OpenAPI document says', () => {
  it('is an OpenAPI 3.1 document of every tenant endpoint', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/api/health',
        '/api/invitations',
        '/api/invitations/accept',
        '/api/login',
        '/api/logo',
        '/api/openapi.json',
        '/api/password-reset',
        '/api/password-reset/confirm',
        '/api/polls',
        '/api/polls/{id}',
        '/api/polls/{id}/votes',
      ].sort(),
    );
  });

  it('every operation, with its successes and refusals', async () => {
    await call('GET', '/api/health');
    await call('GET', '/api/openapi.json');

    await call('POST', '/api/login', { json: { email: 'admin@contract.test' } });
    await call('POST', '/api/login', { json: { email: 'admin@contract.test', password: 'wrong' } });
    const admin = (await call<{ token: string }>('POST', '/api/login', { json: { email: 'admin@contract.test', password: 'password123' } }))
      .body.token;
    const member = (
      await call<{ token: string }>('POST', '/api/login', { json: { email: 'member@contract.test', password: 'password123' } })
    ).body.token;

    expect((await call('POST', '/api/polls', { json: { question: 'No token?', choices: ['a', 'b'] } })).status).toBe(401);
    expect((await call('POST', '/api/polls', { token: admin, json: { question: '', choices: ['a'] } })).status).toBe(400);
    const created = await call<{ id: number; choices: { id: number }[] }>('POST', '/api/polls', {
      token: admin,
      json: { question: 'Contract?', choices: ['yes', 'no'], allow_vote_change: true, closes_at: '2099-01-01T00:00:00Z' },
    });
    expect(created.status).toBe(201);
    const { id, choices } = created.body;
    for (let i = 0; i < 3; i++) await call('POST', '/api/polls', { token: admin, json: { question: `Filler ${i}?`, choices: ['a', 'b'] } });

    expect((await call('GET', '/api/polls')).status).toBe(200);
    const page = await call<{ next_cursor: string | null }>('GET', '/api/polls?limit=2');
    expect(page.body.next_cursor).toEqual(expect.any(String));
    expect((await call('GET', `/api/polls?limit=2&cursor=${encodeURIComponent(page.body.next_cursor!)}`, { token: member })).status).toBe(
      200,
    );
    expect((await call('GET', '/api/polls?limit=0')).status).toBe(400);
    expect((await call('GET', '/api/polls', { token: 'qrm_not-a-token' })).status).toBe(401);

    expect((await call('GET', `/api/polls/${id}`)).status).toBe(200);
    expect((await call('GET', `/api/polls/${id}`, { token: member })).status).toBe(200);
    expect((await call('GET', '/api/polls/999999')).status).toBe(404);

    expect((await call('PATCH', `/api/polls/${id}`, { token: admin, json: { question: 'Contract, changed?' } })).status).toBe(200);
    expect((await call('PATCH', `/api/polls/${id}`, { token: admin, json: {} })).status).toBe(400);
    expect((await call('PATCH', `/api/polls/${id}`, { token: member, json: { question: 'Mine?' } })).status).toBe(403);

    expect((await call('POST', `/api/polls/${id}/votes`, { token: member, json: { choice_id: choices[0]!.id } })).status).toBe(201);
    expect((await call('POST', `/api/polls/${id}/votes`, { token: member, json: { choice_id: choices[1]!.id } })).status).toBe(200);
    expect((await call('POST', `/api/polls/${id}/votes`, { token: member, json: { choice_id: 'x' } })).status).toBe(400);
    const once = await call<{ id: number; choices: { id: number }[] }>('POST', '/api/polls', {
      token: admin,
      json: { question: 'Once?', choices: ['a', 'b'] },
    });
    await call('POST', `/api/polls/${once.body.id}/votes`, { token: member, json: { choice_id: once.body.choices[0]!.id } });
    expect(
      (await call('POST', `/api/polls/${once.body.id}/votes`, { token: member, json: { choice_id: once.body.choices[1]!.id } })).status,
    ).toBe(409);

    // Clear the 2099 closing time first: its job would stay queued for the suites that share the database.
    expect((await call('PATCH', `/api/polls/${id}`, { token: admin, json: { closes_at: null } })).status).toBe(200);
    expect((await call('DELETE', `/api/polls/${id}`, { token: member })).status).toBe(403);
    expect((await call('DELETE', `/api/polls/${id}`, { token: admin })).status).toBe(204);
    expect((await call('DELETE', `/api/polls/${id}`, { token: admin })).status).toBe(404);

    expect((await call('POST', '/api/password-reset', { json: { email: 'member@contract.test' } })).status).toBe(202);
    expect((await call('POST', '/api/password-reset', { json: { email: 'nope' } })).status).toBe(400);
    expect((await call('POST', '/api/password-reset/confirm', { json: { token: 'x', password: 'password456' } })).status).toBe(400);

    expect((await call('POST', '/api/invitations', { token: member, json: { email: 'new@contract.test' } })).status).toBe(403);
    expect((await call('POST', '/api/invitations', { token: admin, json: { email: 'new@contract.test' } })).status).toBe(202);
    expect((await call('POST', '/api/invitations/accept', { json: { token: 'x', password: 'password456' } })).status).toBe(400);

    expect((await call('GET', '/api/logo')).status).toBe(404);
    const up = await rawUpload('POST', admin, PNG);
    conforms('POST', '/api/logo', up);
    expect(up.status).toBe(201);
    const logo = await rawUpload('GET', admin);
    conforms('GET', '/api/logo', logo);
    expect(logo.status).toBe(200);
    expect(logo.headers['content-type']).toBe('image/png');
    const gone = await rawUpload('DELETE', admin);
    conforms('DELETE', '/api/logo', gone);
    expect(gone.status).toBe(204);
    conforms('POST', '/api/logo', await rawUpload('POST', member, PNG));

    const all = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
    expect(all.filter((o) => !reached.has(o))).toEqual([]);
  });

  it('unknown paths of the API are JSON 404s', async () => {
    const r = await request(app.port, HOST(), 'GET', '/api/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: 'Not found.' });
  });
});
