// Issue 24, item 14: signup ends signed in on the new organisation's host. The root host stores a
// handoff (lib/features/auth/session-handoff.ts) and the tenant host's GET /welcome?token=…
// exchanges it for a session: once, within 2 minutes, on its own tenant only, never logged.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeSessionHandoff, createSessionHandoff, HANDOFF_SECONDS } from '@/lib/features/auth/session-handoff';
import { findUserByEmail } from '@/lib/features/auth/users';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { migrateShared } from '@/lib/tenancy';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { request, startApp, type AppServer, type HttpResult } from '@/harness/app-server';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';

const HTML = { accept: 'text/html,application/xhtml+xml' };
const tenants = { a: { schema: 'handoff_a', id: 0, userId: 0 }, b: { schema: 'handoff_b', id: 0, userId: 0 } };
let app: AppServer;

const hostOf = (t: keyof typeof tenants) => `handoff-${t}.localhost:${app.port}`;
const get = (t: keyof typeof tenants, path: string, cookie?: string) =>
  request(app.port, hostOf(t), 'GET', path, { headers: { ...HTML, ...(cookie ? { cookie } : {}) } });
const sessionOf = (r: HttpResult) =>
  (r.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).find((c) => c.includes('next-auth.session-token=') && !c.endsWith('='));
const handoff = (t: keyof typeof tenants) => createSessionHandoff(directDb(), { tenantId: tenants[t].id, userId: tenants[t].userId });

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  for (const key of ['a', 'b'] as const) {
    const t = tenants[key];
    const row = await provisionTenantWithAdmin(directDb(), {
      schema: t.schema,
      name: `Handoff ${key.toUpperCase()}`,
      domain: `handoff-${key}.localhost`,
      admin: { email: `founder@handoff-${key}.test`, password: 'handoff-password-24' },
    });
    t.id = row.id;
    t.userId = (await withTenant({ schema: t.schema }, (db) => findUserByEmail(db, `founder@handoff-${key}.test`)))!.id;
  }
  app = await startApp(testProcessEnv());
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await stopTenancyListener();
  await closePools();
});

describe('the handoff token', () => {
  it('works once, on its own tenant only', async () => {
    const token = await handoff('a');
    expect(await consumeSessionHandoff(directDb(), token, tenants.b.id)).toBeNull();
    expect(await consumeSessionHandoff(directDb(), token, tenants.a.id)).toEqual({ userId: tenants.a.userId });
    expect(await consumeSessionHandoff(directDb(), token, tenants.a.id)).toBeNull();
  });

  it('stores only a hash, expires within 2 minutes, and an expired one is refused', async () => {
    expect(HANDOFF_SECONDS).toBeLessThanOrEqual(120);
    const token = await handoff('a');
    const rows = await directDb().selectFrom('public.session_handoffs').selectAll().where('tenant_id', '=', tenants.a.id).execute();
    expect(rows.some((r) => r.token_hash.includes(token))).toBe(false);
    const life = await sql<{
      s: number;
    }>`select extract(epoch from max(expires_at - created_at))::int as s from public.session_handoffs`.execute(directDb());
    expect(life.rows[0].s).toBeLessThanOrEqual(120);
    await sql`update public.session_handoffs set expires_at = now() - interval '1 second' where used_at is null`.execute(directDb());
    expect(await consumeSessionHandoff(directDb(), token, tenants.a.id)).toBeNull();
  });

  it('refuses what is not a token', async () => {
    expect(await consumeSessionHandoff(directDb(), '', tenants.a.id)).toBeNull();
    expect(await consumeSessionHandoff(directDb(), "x' or 1=1 --", tenants.a.id)).toBeNull();
  });
});

describe('GET /welcome?token=… on the tenant host', () => {
  it('signs the new admin in on that host and opens the polls page; the link then is spent', async () => {
    const token = await handoff('a');
    const r = await get('a', `/welcome?token=${token}`);
    expect(r.status, r.text.slice(0, 200)).toBe(303);
    expect(r.headers.location).toBe('/?welcome=1');
    expect(r.headers['cache-control']).toContain('no-store');
    const cookie = sessionOf(r);
    expect(cookie).toBeDefined();
    expect(r.headers['set-cookie']!.join(' ')).not.toMatch(/Domain=/i);
    const polls = await get('a', '/?welcome=1', cookie);
    expect(polls.status).toBe(200);
    expect(polls.text).toContain('founder@handoff-a.test');
    expect(polls.text).toContain('Your organisation is ready');

    const again = await get('a', `/welcome?token=${token}`);
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe('/login?welcome=1');
    expect(sessionOf(again)).toBeUndefined();
    expect(app.output()).not.toContain(token);
  });

  it('is refused on another organisation’s host, which does not spend it', async () => {
    const token = await handoff('a');
    const wrong = await get('b', `/welcome?token=${token}`);
    expect(wrong.status).toBe(303);
    expect(wrong.headers.location).toBe('/login?welcome=1');
    expect(sessionOf(wrong)).toBeUndefined();
    // The session of host b is not there either.
    const right = await get('a', `/welcome?token=${token}`);
    expect(sessionOf(right)).toBeDefined();
  });
});
