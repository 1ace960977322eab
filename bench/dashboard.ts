// npm run bench -- dashboard [--steps 1000,10000] [--runs 5] [--polls 5 --choices 4 --votes 10] [--seed-concurrency 2]
//
// The operator dashboard's queries (issue 15, item 15) as the tenant count grows: largestTenants
// (one catalog query: planner page counts for the ranking, exact sizes for the leaders),
// signupsPerDay and tenantsByStatus. For comparison, the naive exact ranking
// (pg_total_relation_size of every tenant table), which opens and stats every relation.
import { sql } from 'kysely';
import { signupsPerDay, tenantsByStatus } from '@/lib/features/admin/dashboard';
import { directDb } from '@/lib/infra/db/pool';
import { largestTenants } from '@/lib/platform';
import {
  fmt,
  loadNote,
  log,
  machineInfo,
  num,
  parseArgs,
  printVerdicts,
  summarize,
  table,
  verdict,
  writeResult,
  type Verdict,
} from './lib/common';
import { Resources } from './lib/env';
import { benchStack } from './lib/stack';
import { createTenants, tenantCount } from './lib/tenants';

async function time(runs: number, fn: () => Promise<unknown>): Promise<ReturnType<typeof summarize>> {
  await fn(); // warm the catalog caches of the backend
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return summarize(ms);
}

/** Every tenant's exact size, ranked: what largestTenants avoids. */
async function naiveExact(): Promise<string> {
  try {
    await sql`
      select t.schema_name, sum(pg_total_relation_size(c.oid)) as bytes
      from public.tenants t join pg_namespace n on n.nspname = t.schema_name
      join pg_class c on c.relnamespace = n.oid and c.relkind in ('r', 'm')
      group by 1 order by 2 desc limit 10`.execute(directDb());
    return 'ok';
  } catch (err) {
    return (err as Error).message;
  }
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const steps = String(args.steps ?? '1000,10000')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0)
    .sort((a, b) => a - b);
  const runs = num(args, 'runs', 5);
  const data = { polls: num(args, 'polls', 5), choices: num(args, 'choices', 4), votes: num(args, 'votes', 10) };
  const seedConcurrency = num(args, 'seed-concurrency', 2);
  const res = new Resources();
  const verdicts: Verdict[] = [];
  const rows: Record<string, unknown>[] = [];
  try {
    await benchStack(res, { poolSize: 8 });
    for (const n of steps) {
      const have = await tenantCount();
      if (n > have) {
        log(
          `creating ${n - have} tenants${have === 0 ? ` (${data.polls} polls × ${data.choices} choices, ${data.votes} votes per poll each)` : ' (empty)'} …`,
        );
        // Tenants past the first step are empty (as in bench/migrate.ts): seeding 10,000 with data takes long, and the catalog is what grows.
        const made = await createTenants(n - have, { prefix: `d${n}`, concurrency: seedConcurrency, data: have === 0 ? data : undefined });
        log(`  in ${fmt(made.ms / 1000)} s (${loadNote()})`);
      }
      // What autovacuum would have done by now: page counts for the ranking.
      await sql`analyze`.execute(directDb());
      const total = await tenantCount();
      const rels = await sql<{ n: number }>`select count(*)::int as n from pg_class`.execute(directDb());
      // The floor of any catalog query grouped by schema: one pass over pg_class (the load on a shared box moves both alike).
      const scan = await time(runs, () => sql`select count(*) from pg_class`.execute(directDb()));
      const largest = await time(runs, () => largestTenants(directDb(), 10));
      const signups = await time(runs, () => signupsPerDay(directDb(), 30));
      const status = await time(runs, () => tenantsByStatus(directDb()));
      const t0 = performance.now();
      const naive = await naiveExact();
      const naiveMs = performance.now() - t0;
      const row = {
        tenants: total,
        pgClass: rels.rows[0]!.n,
        scan,
        largest,
        signups,
        status,
        naive: { ms: naiveMs, outcome: naive },
        load: loadNote(),
      };
      rows.push(row);
      log(
        `${total} tenants (${row.pgClass} pg_class rows): one pg_class pass p50 ${fmt(scan.p50)} ms; largestTenants p50 ${fmt(largest.p50)} ms max ${fmt(largest.max)} ms; signups p50 ${fmt(signups.p50)} ms; status p50 ${fmt(status.p50)} ms; naive exact ${fmt(naiveMs)} ms (${naive.slice(0, 120)})`,
      );
      verdicts.push(verdict(`largestTenants over ${total} tenants (max of ${runs})`, largest.max, 'ms', '<=', 1000));
    }
    console.log(
      '\n' +
        table(
          [
            'tenants',
            'pg_class rows',
            'pg_class pass p50 ms',
            'largest p50 ms',
            'largest max ms',
            'signups p50 ms',
            'status p50 ms',
            'naive exact ms',
            'naive outcome',
          ],
          rows.map((r) => {
            const x = r as {
              tenants: number;
              pgClass: number;
              scan: ReturnType<typeof summarize>;
              largest: ReturnType<typeof summarize>;
              signups: ReturnType<typeof summarize>;
              status: ReturnType<typeof summarize>;
              naive: { ms: number; outcome: string };
            };
            return [
              String(x.tenants),
              String(x.pgClass),
              fmt(x.scan.p50),
              fmt(x.largest.p50),
              fmt(x.largest.max),
              fmt(x.signups.p50),
              fmt(x.status.p50),
              fmt(x.naive.ms),
              x.naive.outcome.slice(0, 60),
            ];
          }),
        ),
    );
    printVerdicts(verdicts);
    writeResult('dashboard', {
      bench: 'dashboard',
      command: `npm run bench -- dashboard ${argv.join(' ')}`.trim(),
      machine: machineInfo(),
      config: { steps, runs, data, seedConcurrency },
      rows,
      verdicts,
    });
    return verdicts.every((v) => v.pass) ? 0 : 1;
  } finally {
    await res.close();
  }
}
