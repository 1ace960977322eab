// npm run bench -- find-organisation [--tenants 10000] [--batch 100,500,2000] [--runs 5] [--seed-concurrency 2]
//
// The "find your organisation" lookup (lib/tenancy/tenants-with-user.ts) over N tenants on the
// direct connection: every tenant's `users` probed by UNION ALL statements of `--batch` schemas.
// Tenants come from the bulk seeder with one user each (user1@example.com in every tenant: the
// worst case, every branch a hit); a second address exists nowhere (every branch a miss, what
// most lookups are). Each batch size is timed `--runs` times per address, p50 and max reported.
import { tenantsWithUser } from '@/lib/tenancy';
import { directDb } from '@/lib/infra/db/pool';
import { fmt, loadNote, log, machineInfo, num, parseArgs, summarize, table, writeResult } from './lib/common';
import { Resources } from './lib/env';
import { benchStack } from './lib/stack';
import { createTenants } from './lib/tenants';

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const nTenants = num(args, 'tenants', 10_000);
  const runs = num(args, 'runs', 5);
  const batches = String(args.batch ?? '100,500,2000')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0);
  const res = new Resources();
  try {
    await benchStack(res, { poolSize: 4 });
    log(`creating ${nTenants} tenants with one user each …`);
    const made = await createTenants(nTenants, {
      prefix: 'fo',
      concurrency: num(args, 'seed-concurrency', 2),
      data: { polls: 1, choices: 1, votes: 1 },
    });
    log(`${nTenants} tenants in ${fmt(made.ms / 1000)} s (${loadNote()})`);
    const rows: (string | number)[][] = [];
    const results: unknown[] = [];
    for (const batchSize of batches) {
      for (const [label, email] of [
        ['in every tenant', 'user1@example.com'],
        ['in no tenant', 'nobody@example.com'],
      ] as const) {
        const ms: number[] = [];
        let found = 0;
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          found = (await tenantsWithUser(directDb(), email, { batchSize })).length;
          ms.push(performance.now() - t0);
        }
        const s = summarize(ms);
        rows.push([String(batchSize), label, String(found), fmt(s.p50), fmt(s.max)]);
        results.push({ batchSize, address: label, found, ms: s });
        log(`batch ${batchSize}, address ${label}: ${found} found, p50 ${fmt(s.p50)} ms, max ${fmt(s.max)} ms (${loadNote()})`);
      }
    }
    console.log('\n' + table(['batch', 'address', 'found', 'p50 ms', 'max ms'], rows));
    writeResult('find-organisation', { machine: machineInfo(), tenants: nTenants, runs, results });
    return 0;
  } finally {
    await res.close();
  }
}
