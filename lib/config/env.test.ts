// README's configuration table and lib/config/env.ts list the same variables, and no code outside
// lib/config reads process.env.NAME for a variable of the table.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ENV_VARS, checkConfig, configProblems } from './env';

function readmeVariables(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const table = readme.slice(readme.indexOf('## Configuration'));
  const rows = table.split('\n').filter((l) => l.startsWith('| `'));
  return [...new Set(rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!)))].sort();
}

describe('configuration (lib/config/env.ts)', () => {
  it("README's configuration table lists exactly the documented variables", () => {
    const documented = Object.entries(ENV_VARS)
      .filter(([, v]) => v.documented)
      .map(([k]) => k)
      .sort();
    expect(readmeVariables()).toEqual(documented);
  });

  it('lib/ reads no variable outside lib/config', () => {
    const hits = execFileSync('git', ['grep', '-n', '-E', 'process\\.env\\.[A-Z_]+ *(\\?\\?|\\|\\||===|!==|\\)|;|,)', '--', 'lib'], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(
        (l) =>
          l &&
          !l.startsWith('lib/config/') &&
          // ensureDatabaseEnv fills the URLs in (the embedded PostgreSQL) before anything reads them.
          !l.startsWith('lib/infra/db/env.ts:') &&
          !/\.test\.ts:/.test(l) &&
          !/process\.env\.[A-Z_]+ *(\|\|=|=[^=])/.test(l),
      );
    expect(hits).toEqual([]);
  });

  it('refuses malformed numbers at start, with every reason', () => {
    expect(configProblems({ DB_POOL_MAX: '10', PORT: '3000' })).toEqual([]);
    expect(configProblems({ DB_POOL_MAX: 'ten', JOB_CONCURRENCY: '-1' })).toHaveLength(2);
    expect(() => checkConfig({ PORT: 'http' })).toThrow(/PORT must be a whole number/);
  });

  it('refuses a DATABASE_AFFINITY_BY other than schema or node', () => {
    expect(configProblems({ DATABASE_AFFINITY_BY: 'node' })).toEqual([]);
    expect(configProblems({ DATABASE_AFFINITY_BY: 'schema' })).toEqual([]);
    expect(() => checkConfig({ DATABASE_AFFINITY_BY: 'worker' })).toThrow(/DATABASE_AFFINITY_BY must be schema or node/);
  });
});
