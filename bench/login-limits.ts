// The cost of the login limiter (lib/features/auth/rate-limit.ts) through PgBouncer: one check is one
// INSERT … ON CONFLICT … RETURNING over three counters; a success is one more statement. For
// scale, the scrypt verify every login pays is ~50 ms of CPU here.
//   npm run bench -- login-limits [--n 3000] [--concurrency 8]
import { loginAttempt, loginSucceeded, type LoginLimits } from '@/lib/features/auth/rate-limit';
import { closePools, directDb, pooledDb } from '@/lib/infra/db/pool';
import { migrateShared } from '@/lib/tenancy';
import { fmt, log, machineInfo, num, parseArgs, summarize, table, writeResult } from './lib/common';
import { benchCluster } from './lib/env';

const NO_LIMIT: LoginLimits = { perAccount: 1e9, perTenantAddress: 1e9, perAddress: 1e9, windowSeconds: 900 };

async function timed(n: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const t = performance.now();
        await op(i);
        ms.push(performance.now() - t);
      }
    }),
  );
  return ms;
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const n = num(args, 'n', 3000);
  const concurrency = num(args, 'concurrency', 8);
  const cluster = await benchCluster({ poolSize: 4 });
  try {
    await migrateShared(directDb());
    const db = pooledDb();
    const subject = (i: number) => ({ scope: 't1', email: `user-${i % 500}@bench.test`, address: `198.51.100.${i % 200}` });
    await timed(200, 1, (i) => loginAttempt(db, subject(i), NO_LIMIT)); // warm-up
    const rows: Array<[string, ReturnType<typeof summarize>]> = [
      ['attempt, sequential', summarize(await timed(n, 1, (i) => loginAttempt(db, subject(i), NO_LIMIT)))],
      ['success, sequential', summarize(await timed(n, 1, (i) => loginSucceeded(db, subject(i), NO_LIMIT)))],
      [
        `attempt, ${concurrency} concurrent, distinct keys`,
        summarize(await timed(n, concurrency, (i) => loginAttempt(db, subject(i), NO_LIMIT))),
      ],
      [
        `attempt, ${concurrency} concurrent, one account+address`,
        summarize(
          await timed(n, concurrency, () => loginAttempt(db, { scope: 't1', email: 'hot@bench.test', address: '203.0.113.1' }, NO_LIMIT)),
        ),
      ],
    ];
    console.log(
      table(
        ['operation', 'n', 'p50 ms', 'p99 ms', 'mean ms'],
        rows.map(([name, s]) => [name, s.n, fmt(s.p50, 2), fmt(s.p99, 2), fmt(s.mean, 2)]),
      ),
    );
    writeResult('login-limits', { machine: machineInfo(), n, concurrency, results: Object.fromEntries(rows) });
    return 0;
  } finally {
    log('stopping');
    await closePools();
    await cluster.stop();
  }
}
