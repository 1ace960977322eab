// npm run bench -- lifecycle [--polls 10000 --choices 5 --votes 25]
//
// Export, import, clone with data and rename of one large tenant (default 10,000 polls, 50,000
// choices, 250,000 votes, 25 users), each timed once on a fresh PostgreSQL + PgBouncer, each
// checked by counting the rows that arrived. Target (issue 14): each under 10 s on this machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { directDb } from '@/lib/infra/db/pool';
import { seedTenants } from '@/lib/cli/seed';
import { cloneTenant, exportTenant, importTenant, renameTenant } from '@/lib/platform/lifecycle';
import { fmt, loadNote, log, machineInfo, num, parseArgs, printVerdicts, table, verdict, writeResult } from './lib/common';
import { Resources } from './lib/env';
import { benchStack } from './lib/stack';

async function counts(schema: string) {
  const r = await sql<{ polls: number; choices: number; votes: number; users: number }>`
    select (select count(*)::int from ${sql.id(schema, 'polls')}) as polls, (select count(*)::int from ${sql.id(schema, 'choices')}) as choices,
           (select count(*)::int from ${sql.id(schema, 'votes')}) as votes, (select count(*)::int from ${sql.id(schema, 'users')}) as users`.execute(
    directDb(),
  );
  return r.rows[0];
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const shape = { polls: num(args, 'polls', 10_000), choices: num(args, 'choices', 5), votes: num(args, 'votes', 25) };
  const res = new Resources();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-bench-lifecycle-'));
  res.add('files', async () => fs.rmSync(dir, { recursive: true, force: true }));
  try {
    await benchStack(res, { poolSize: 4 });
    const t0 = performance.now();
    const seeded = await seedTenants(directDb(), { tenants: 1, ...shape, prefix: 'big', log: () => undefined });
    const source = seeded.first;
    log(`seeded ${source} in ${fmt(performance.now() - t0, 0)} ms: ${JSON.stringify(await counts(source))} (${loadNote()})`);
    const want = await counts(source);
    const db = directDb();
    const file = path.join(dir, 'big.qexport');
    const rows: (string | number)[][] = [];
    const timed = async (what: string, fn: () => Promise<unknown>, check: () => Promise<boolean>) => {
      const s = performance.now();
      await fn();
      const ms = performance.now() - s;
      const ok = await check();
      rows.push([what, fmt(ms / 1000, 2), ok ? 'rows match' : 'ROWS DIFFER']);
      log(`${what}: ${fmt(ms, 0)} ms (${loadNote()})`);
      return { ms, ok };
    };
    const same = (schema: string) => async () => JSON.stringify(await counts(schema)) === JSON.stringify(want);
    const exp = await timed(
      'export',
      () => exportTenant(db, source, file),
      async () => fs.statSync(file).size > 0,
    );
    rows[rows.length - 1][2] = `${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MiB file`;
    const imp = await timed(
      'import',
      () => importTenant(db, { file, schema: 'big_imported', domain: 'big-imported.localhost' }),
      same('big_imported'),
    );
    const cln = await timed(
      'clone --data',
      () => cloneTenant(db, { from: source, schema: 'big_clone', domain: 'big-clone.localhost', data: true }),
      same('big_clone'),
    );
    const ren = await timed('rename', () => renameTenant(db, source, 'big_renamed'), same('big_renamed'));
    console.log(`\n${table(['operation', 'seconds', 'check'], rows)}`);
    const verdicts = [
      verdict('export', exp.ms / 1000, 's', '<=', 10),
      verdict('import', imp.ms / 1000, 's', '<=', 10),
      verdict('clone with data', cln.ms / 1000, 's', '<=', 10),
      verdict('rename', ren.ms / 1000, 's', '<=', 10),
    ];
    printVerdicts(verdicts);
    writeResult('lifecycle', { machine: machineInfo(), shape, counts: want, rows, verdicts });
    return verdicts.every((v) => v.pass) && imp.ok && cln.ok && ren.ok ? 0 : 1;
  } finally {
    await res.close();
  }
}
