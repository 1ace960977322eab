import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { TenantDatabase } from '@/lib/infra/db/schema';
import { listPollsQuery, pollQuery } from '@/lib/features/polls/polls';
import type { PageOptions } from '@/lib/features/polls/page';
import { preparedCompiler } from './prepared';

// Compile only: no connection is ever asked for.
const db = new Kysely<TenantDatabase>({
  dialect: new PostgresDialect({
    pool: { connect: () => Promise.reject(new Error('no database here')), end: async () => {} } as unknown as pg.Pool,
  }),
});

describe('preparedCompiler', () => {
  it('gives the statement and parameters a fresh compile gives, for every shape of the arguments', () => {
    let builds = 0;
    const compile = preparedCompiler((a: { viewer: number | null; page: PageOptions }) => {
      builds++;
      return listPollsQuery(db, a.viewer, a.page);
    });
    const cases: Array<{ viewer: number | null; page: PageOptions }> = [
      { viewer: null, page: { limit: 50 } },
      { viewer: 7, page: { limit: 10 } },
      { viewer: 8, page: { limit: 3, cursor: { micros: '1780000000000000', id: 42 } } },
      { viewer: 9, page: { limit: 3, before: { micros: '1780000000000001', id: 43 } } },
      { viewer: 7, page: { limit: 10, search: 'lunch_%' } },
      { viewer: 11, page: { limit: 20 } },
      { viewer: null, page: { limit: 5 } },
    ];
    for (const c of cases) {
      const fresh = listPollsQuery(db, c.viewer, c.page).compile();
      const got = compile(c);
      expect(got.sql).toBe(fresh.sql);
      expect(got.parameters).toEqual(fresh.parameters);
    }
    // Built for each new shape (a marker compile, plus a per-call build for the search shape that
    // computes with its argument), not for every call: 7 calls, 5 shapes.
    expect(builds).toBeLessThan(cases.length + 2);
    const before = builds;
    compile({ viewer: 12, page: { limit: 30 } });
    compile({ viewer: null, page: { limit: 30 } });
    expect(builds).toBe(before);
  });

  it('puts each call’s own values in the statement', () => {
    const compile = preparedCompiler((a: { id: number; viewer: number | null }) => pollQuery(db, a.id, a.viewer));
    const one = compile({ id: 1, viewer: 5 });
    const two = compile({ id: 2, viewer: 6 });
    expect(two.sql).toBe(one.sql);
    expect(one.parameters).toEqual(pollQuery(db, 1, 5).compile().parameters);
    expect(two.parameters).toEqual(pollQuery(db, 2, 6).compile().parameters);
    expect(two.parameters).toContain(2);
    expect(two.parameters).not.toContain(1);
  });

  it('falls back to a compile per call when the builder computes with an argument', () => {
    let builds = 0;
    const compile = preparedCompiler((a: { n: number }) => {
      builds++;
      return db.selectNoFrom(sql<number>`${a.n * 2}::int`.as('x'));
    });
    expect(compile({ n: 3 }).parameters).toEqual([6]);
    expect(compile({ n: 4 }).parameters).toEqual([8]);
    expect(builds).toBe(3); // the failed marker compile, then one build per call
  });

  it('falls back when an argument does not reach the statement as a parameter', () => {
    const compile = preparedCompiler((a: { id: number; unused: string }) => db.selectFrom('polls').select('id').where('id', '=', a.id));
    expect(compile({ id: 3, unused: 'x' }).parameters).toEqual([3]);
    expect(compile({ id: 4, unused: 'y' }).parameters).toEqual([4]);
  });
});
