// lib/infra/db/row-reader.ts reads the rows of every builder statement (prefixedQuery): they must
// be exactly what pg's own Result.parseRow makes of the same statement, on a real PostgreSQL.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { prefixedQuery } from '@/lib/infra/db/prefixed-query';
import '@/lib/infra/db/pool'; // its global type parsers (date as text), as in the app
import { testEnv } from '@/harness/env';

let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: testEnv().directUrl });
  await client.connect();
  await client.query("set timezone to 'Pacific/Chatham'"); // a +12:45/+13:45 offset: dates must not assume UTC
});
afterAll(async () => {
  await client.end();
});

/** What pg itself reads for the statement, and what the row reader reads (without pg's Result.parseRow). */
async function both(text: string, values: unknown[]) {
  const parseRow = vi.spyOn(pg.Result.prototype as unknown as { parseRow(r: unknown): unknown }, 'parseRow');
  try {
    const ours = await prefixedQuery(client, [], text, values);
    expect(parseRow).not.toHaveBeenCalled();
    const pgs = await client.query(text, values);
    if (pgs.rows.length > 0) expect(parseRow).toHaveBeenCalled();
    return { ours, pgs };
  } finally {
    parseRow.mockRestore();
  }
}

describe('the row reader', () => {
  it('reads every common type, NULLs and key order as pg does', async () => {
    const text = `select $1::int as i, 9007199254740993::int8 as big, 1.50::numeric as n, 2.5::float8 as f, true as b,
      'x'::text as t, null::text as nothing, '2026-12-07'::date as d, '2026-12-07 15:20:01.123456+05:30'::timestamptz as tz,
      '1999-01-08 04:05:06'::timestamp as ts, 'infinity'::timestamptz as inf, '0044-03-15 12:00:00 BC'::timestamptz as bc,
      '{"a":[1,2]}'::jsonb as j, array[1,2,null]::int[] as arr, '1 day'::interval as iv, $2::text as param`;
    const { ours, pgs } = await both(text, [7, 'é ü']);
    expect(ours.rows).toEqual(pgs.rows);
    expect(Object.keys(ours.rows[0]!)).toEqual(Object.keys(pgs.rows[0]!));
    expect(ours.rows[0]!.tz).toBeInstanceOf(Date);
    expect((ours.rows[0]!.tz as Date).toISOString()).toBe('2026-12-07T09:50:01.123Z');
    expect(ours.rows[0]!.d).toBe('2026-12-07');
    expect(ours.rows[0]!.big).toBe('9007199254740993');
    expect(ours.rowCount).toBe(1);
    expect(ours.command).toBe('SELECT');
  });

  it('keeps a repeated name’s last value, and a column named __proto__ as an own property', async () => {
    const { ours, pgs } = await both(`select $1::int as a, 2 as a, 3 as "__proto__", 4 as "we""ird \\n"`, [1]);
    expect(ours.rows).toEqual(pgs.rows);
    expect(ours.rows[0]!.a).toBe(2);
    expect(Object.getPrototypeOf(ours.rows[0])).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(ours.rows[0], '__proto__')?.value).toBe(3);
    expect(Object.keys(ours.rows[0]!)).toEqual(Object.keys(pgs.rows[0]!));
  });

  it('reads many rows, and the same text with a changed shape (a column added) afresh', async () => {
    await client.query('create temp table rr (id int, name text)');
    await client.query("insert into rr select g, 'n' || g from generate_series(1, 500) g");
    const text = 'select * from rr where id > $1 order by id';
    const first = await both(text, [0]);
    expect(first.ours.rows).toHaveLength(500);
    expect(first.ours.rows).toEqual(first.pgs.rows);
    await client.query('alter table rr add column at timestamptz default now()');
    const second = await both(text, [490]);
    expect(second.ours.rows).toHaveLength(10);
    expect(second.ours.rows).toEqual(second.pgs.rows);
    expect(second.ours.rows[0]!.at).toBeInstanceOf(Date);
    const none = await both(text, [1000]);
    expect(none.ours.rows).toEqual([]);
    expect(none.ours.fields.map((f) => f.name)).toEqual(['id', 'name', 'at']);
  });

  it('uses a client’s own type parsers', async () => {
    const own = new pg.Client({ connectionString: testEnv().directUrl });
    await own.connect();
    try {
      own.setTypeParser(23, (v: string) => `int:${v}`);
      const text = 'select $1::int as i, 2::int8 as j';
      expect((await prefixedQuery(own, [], text, [5])).rows).toEqual([{ i: 'int:5', j: '2' }]);
      // the same text on a client without overrides is read with pg's parsers
      expect((await prefixedQuery(client, [], text, [5])).rows).toEqual([{ i: 5, j: '2' }]);
    } finally {
      await own.end();
    }
  });

  it('fails the query when a parser throws, as pg does, and the client stays usable', async () => {
    const own = new pg.Client({ connectionString: testEnv().directUrl });
    await own.connect();
    try {
      own.setTypeParser(25, () => {
        throw new Error('no text today');
      });
      await expect(prefixedQuery(own, [], 'select $1::text as t', ['x'])).rejects.toThrow('no text today');
      await expect(own.query('select $1::text as t', ['x'])).rejects.toThrow('no text today');
      expect((await prefixedQuery(own, [], 'select $1::int as i', [3])).rows).toEqual([{ i: 3 }]);
    } finally {
      await own.end();
    }
  });
});
