// `npm run bench -- <name> [options]` runs bench/<name>.ts; `npm run bench` lists them.
import fs from 'node:fs';
import path from 'node:path';

const BENCHES: Record<string, string> = {
  overhead: 'tenant GET /api/polls vs the no-tenancy baseline route (interleaved), and TTFB of the tenant polls page',
  provision: 'signup → usable tenant (provisionTenant + first query), with 0 and with 1,000 tenants present',
  migrate: 'one new tenant migration over 1,000 tenants; checkMigrations and the CLI --check over 10,000',
  lifecycle: 'export, import, clone --data and rename of a tenant with 10,000 polls / 50,000 choices / 250,000 votes',
  seed: 'tenants seed --tenants 2000 --polls 15 --choices 5 --votes 25 (the CLI), timed and verified',
  tenants10k: 'random reads over 10,000 tenants vs 10 tenants; server connections and backend memory',
  peer: 'GET /api/polls side by side: django-tenants, Quorum and a bare node:http + pg limit (interleaved, wrk)',
  pages: 'tenant polls page at 50 pages/s open loop (50 users × 1 req/s), TTFB p50/p99, per start variant',
  profile:
    'V8 CPU profile of the server under wrk on GET /api/polls, self time by origin (Next, undici, GC, pg…); --quorum bare: the bare contender',
  ab: "this checkout's server vs an earlier commit's (--base), side by side, interleaved: CPU-µs per request of the app and the stack",
  'login-limits': 'cost of one login-limit check (one upsert over three counters) through PgBouncer, sequential and concurrent',
  citus: 'plain PostgreSQL vs Citus (coordinator + 2 workers): seeding, provisioning, /api/polls, a migration, a tenant move under load',
  roles:
    'two-role mode: cost of SET LOCAL ROLE (single vs two-role, interleaved; --app through the server) and 10,000 tenant roles (--tenants)',
  'find-organisation': 'find your organisation: the cross-tenant email lookup (UNION ALL batches) over 10,000 tenants, per batch size',
  dashboard: 'the /admin dashboard queries (largest tenants by size, signups, statuses) at 1,000 and 10,000 tenants',
  noisy:
    'fair share: a victim tenant at a steady rate while a neighbour is flooded, holds 1,000,000 votes, is locked (and, --citus, its worker hangs)',
  'fair-share-cost': "the fair share's cost when nobody is noisy: GET /api/polls with it on vs QUORUM_FAIR_SHARE=0 (interleaved)",
  'metrics-cost': 'what metrics cost: GET /api/polls counted and scraped (QUORUM_METRICS_PORT) vs metrics off (interleaved)',
  'trace-cost': 'what traces cost: GET /api/polls exporting spans over OTLP/HTTP vs tracing off (interleaved)',
  stress: 'isolation at load: ≥100,000 mixed requests over ≥200 tenants through PgBouncer (see SECURITY.md)',
};

/** Every bench/<name>.ts that is not this runner: the registry above plus any file added later. */
function available(): Record<string, string> {
  const out = { ...BENCHES };
  for (const f of fs.readdirSync(__dirname)) {
    const m = /^([a-z0-9][a-z0-9-]*)\.ts$/i.exec(f);
    if (m && m[1] !== 'run' && !m[1].startsWith('_') && !Object.hasOwn(out, m[1])) out[m[1]] = '(no description)';
  }
  for (const name of Object.keys(out)) if (!fs.existsSync(path.join(__dirname, `${name}.ts`))) delete out[name];
  return out;
}

function usage(): void {
  console.log('usage: npm run bench -- <name> [--option value ...]\n\nbenches:');
  const benches = available();
  const w = Math.max(...Object.keys(benches).map((k) => k.length));
  for (const [name, what] of Object.entries(benches)) console.log(`  ${name.padEnd(w)}  ${what}`);
  console.log(
    '\nEach starts its own PostgreSQL + PgBouncer (and the production server, server.ts, from .next-bench when it needs the app),',
  );
  console.log('prints a table and writes bench/results/<name>-<timestamp>.json. Options: see bench/README.md.');
}

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || name === '--help' || name === '-h') {
    usage();
    return;
  }
  const file = path.join(__dirname, `${name}.ts`);
  if (!Object.hasOwn(available(), name)) {
    console.error(`unknown bench '${name}'\n`);
    usage();
    process.exitCode = 2;
    return;
  }
  const mod = (await import(file)) as { main?: (args: string[]) => Promise<number | void> };
  if (typeof mod.main !== 'function') throw new Error(`bench/${name}.ts does not export main(args)`);
  const code = await mod.main(rest);
  process.exitCode = typeof code === 'number' ? code : 0;
}

main().then(
  // Pools, listeners and autocannon timers must not keep a finished bench alive.
  () => setTimeout(() => process.exit(process.exitCode ?? 0), 100).unref(),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
