// npm run bench -- provision [--samples 40] [--samples-1k 100] [--present 1000] [--concurrency 4] [--pool 8] [--rebuild]
//
// Signup → usable tenant. Each sample, one at a time:
//   provisionTenant (what the /signup action calls: tenant row, domain, schema, all tenant tables and
//   the first admin with its scrypt hash, one transaction on the direct connection)
//   → first GET /api/polls on the new host through the running app (host resolution, withTenant,
//     PgBouncer) answers 200 with the tenant's name
//   → first withTenant query from this process through PgBouncer.
// Samples alternate "with admin" (signup) and "without admin" (CLI create without --admin-*).
// Phase 1 starts from an empty database, phase 2 runs with --present tenants already there (bulk-created).
import { sql } from 'kysely';
import { directDb } from '@/lib/infra/db/pool';
import { provisionSteps, type ProvisionStep } from '@/lib/platform/provision-tenant';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { hashPassword } from '@/lib/features/auth/password';
import { fmt, loadNote, log, machineInfo, num, parseArgs, printVerdicts, summarize, table, verdict, writeResult } from './lib/common';
import { benchApp, request, Resources } from './lib/env';
import { benchStack } from './lib/stack';
import { createTenants, tenantCount } from './lib/tenants';

interface Sample {
  schema: string;
  admin: boolean;
  present: number;
  provisionMs: number;
  httpMs: number;
  queryMs: number;
  /** provision + first HTTP 200 from the app */
  usableHttpMs: number;
  /** provision + first withTenant query through PgBouncer */
  usableQueryMs: number;
  steps: Partial<Record<ProvisionStep | 'begin', number>>;
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const samples0 = num(args, 'samples', 40);
  const samples1k = num(args, 'samples-1k', 100);
  const present = num(args, 'present', 1000);
  const concurrency = num(args, 'concurrency', 4);
  const poolSize = num(args, 'pool', 8);
  const res = new Resources();
  try {
    const cluster = await benchStack(res, { poolSize });
    const app = await benchApp(cluster, { DB_POOL_MAX: '16' }, !!args.rebuild);
    res.add('app', () => app.stop());

    const one = async (schema: string, admin: boolean): Promise<Sample> => {
      const sub = schema.replace(/_/g, '-');
      const steps: Sample['steps'] = {};
      const t0 = performance.now();
      const cur: { at: number; step: ProvisionStep | 'begin' } = { at: t0, step: 'begin' };
      await provisionTenantWithAdmin(
        directDb(),
        {
          schema,
          name: `Signup ${sub}`,
          domain: `${sub}.localhost`,
          onTrial: true,
          admin: admin ? { email: `owner@${sub}.test`, password: 'signup-password' } : null,
        },
        {
          beforeStep: (step) => {
            const now = performance.now();
            steps[cur.step] = now - cur.at;
            cur.step = step;
            cur.at = now;
          },
        },
      );
      const t1 = performance.now();
      steps[cur.step] = t1 - cur.at; // 'commit' = pg_notify + COMMIT
      const r = await request<{ tenant: string; polls: unknown[] }>(app.port, `${sub}.localhost:${app.port}`, 'GET', '/api/polls');
      const t2 = performance.now();
      if (r.status !== 200 || r.body.tenant !== schema)
        throw new Error(`new tenant ${schema} not usable over HTTP: ${r.status} ${r.text.slice(0, 200)}`);
      const n = await withTenant({ schema }, (db) =>
        db
          .selectFrom('polls')
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow(),
      );
      const t3 = performance.now();
      if (n.n !== 0) throw new Error('a new tenant has polls?');
      return {
        schema,
        admin,
        present: 0,
        provisionMs: t1 - t0,
        httpMs: t2 - t1,
        queryMs: t3 - t2,
        usableHttpMs: t2 - t0,
        usableQueryMs: t1 - t0 + (t3 - t2),
        steps,
      };
    };

    const phase = async (label: string, prefix: string, n: number): Promise<Sample[]> => {
      const before = await tenantCount();
      log(`${label}: ${n} signups one at a time, ${before} tenants present (${loadNote()})`);
      // Two unmeasured warm-ups (JIT, pools, the app's first route compile).
      for (let i = 0; i < 2; i++) await one(`${prefix}w${i}`, i % 2 === 0);
      const out: Sample[] = [];
      for (let i = 0; i < n; i++) {
        const s = await one(`${prefix}${i}`, i % 2 === 0);
        s.present = before + 2 + i;
        out.push(s);
      }
      return out;
    };

    const p0 = await phase('phase 1', 'sa_', samples0);
    const have = await tenantCount();
    const need = Math.max(0, present - have);
    log(`bulk-creating ${need} tenants (concurrency ${concurrency}) …`);
    const bulk = await createTenants(need, { prefix: 'bulk', concurrency });
    log(
      `bulk: ${need} tenants via the seeder in ${fmt(bulk.ms / 1000)} s (${fmt(bulk.ms / Math.max(1, need), 1)} ms/tenant wall) (${loadNote()})`,
    );
    const p1 = await phase('phase 2', 'sb_', samples1k);

    const rows: (string | number)[][] = [];
    const stats: Record<string, unknown> = {};
    for (const [label, xs] of [
      [`from ${p0[0]?.present ?? 0} tenants`, p0],
      [`from ${p1[0]?.present ?? 0} tenants`, p1],
    ] as const) {
      for (const admin of [true, false]) {
        const sel = xs.filter((s) => s.admin === admin);
        const u = summarize(sel.map((s) => s.usableHttpMs));
        const q = summarize(sel.map((s) => s.usableQueryMs));
        const p = summarize(sel.map((s) => s.provisionMs));
        const key = `${label}, ${admin ? 'with admin (signup)' : 'no admin'}`;
        stats[key] = { n: sel.length, usableHttp: u, usableQuery: q, provision: p };
        rows.push([key, String(sel.length), fmt(p.p50), fmt(p.p99), fmt(q.p50), fmt(q.p99), fmt(u.p50), fmt(u.p99)]);
      }
    }
    console.log('\n' + table(['phase', 'n', 'provision p50', 'p99', '+first query p50', 'p99', '+first HTTP 200 p50', 'p99'], rows));
    // Where the time goes (medians of phase 2, with admin): the provisionTenant steps.
    const stepRows = (['begin', ...provisionSteps] as const).map((st) => {
      const a = summarize(p1.filter((s) => s.admin).map((s) => s.steps[st] ?? 0));
      const b = summarize(p1.filter((s) => !s.admin).map((s) => s.steps[st] ?? 0));
      return [st, fmt(a.p50, 2), fmt(b.p50, 2)];
    });
    console.log(
      '\nprovisionTenant steps, phase 2 medians (ms; a step lasts until the next begins; "commit" = notify + COMMIT):\n' +
        table(['step', 'with admin', 'no admin'], stepRows),
    );

    // The admin's scrypt hash (lib/features/auth/password.ts) runs on the thread pool while the DDL runs.
    const hashMs: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await hashPassword('signup-password');
      hashMs.push(performance.now() - t);
    }
    const hs = summarize(hashMs);
    console.log(`\nhashPassword alone (scrypt), 10 runs: p50 ${fmt(hs.p50)} ms, max ${fmt(hs.max)} ms`);

    const signup1k = p1.filter((s) => s.admin);
    const u1 = summarize(signup1k.map((s) => s.usableHttpMs));
    const verdicts = [
      verdict(`signup→usable (HTTP) p50 @${p1[0]?.present ?? 0}`, u1.p50, 'ms', '<=', 100),
      verdict(`signup→usable (HTTP) p99 @${p1[0]?.present ?? 0}`, u1.p99, 'ms', '<=', 300),
      verdict(`signup→usable (HTTP) p50 aim`, u1.p50, 'ms', '<=', 50),
    ];
    printVerdicts(verdicts);
    writeResult('provision', {
      bench: 'provision',
      command: `npm run bench -- provision ${argv.join(' ')}`.trim(),
      machine: machineInfo(),
      config: { samples0, samples1k, present, concurrency, pgbouncerPoolSize: poolSize },
      bulk: { created: need, ms: bulk.ms },
      hashPasswordMs: hs,
      stats,
      verdicts,
      samples: [...p0, ...p1],
    });
    return 0;
  } finally {
    await res.close();
  }
}
