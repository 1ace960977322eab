import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { migrateShared } from '@/lib/tenancy';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { seedTenants } from '@/lib/cli/seed';
import { testEnv } from '@/harness/env';

// Schema-based sharding on the test cluster: every tenant schema is a distributed schema, and a
// batch of tenants lands on both workers.

const env = testEnv();

beforeAll(async () => {
  await migrateShared(directDb());
  await seedTenants(directDb(), { tenants: 12, polls: 1, choices: 2, votes: 2, prefix: 'place', password: 'place-password' });
});

afterAll(async () => {
  await stopTenancyListener();
  await closePools();
});

describe('tenant placement on Citus', () => {
  it('runs on a coordinator with two workers', () => {
    expect(env.citusWorkers).toHaveLength(2);
  });

  it('distributes every tenant schema and spreads them over both workers', async () => {
    const db = directDb();
    const tenants = await db.selectFrom('public.tenants').select('schema_name').where('schema_name', 'like', 'place_%').execute();
    expect(tenants).toHaveLength(12);
    const distributed = await sql<{ schema_name: string }>`select schema_name::text as schema_name from citus_schemas`.execute(db);
    const names = new Set(distributed.rows.map((r) => r.schema_name));
    for (const t of tenants) expect(names.has(t.schema_name), `${t.schema_name} is distributed`).toBe(true);

    const placement = await sql<{ schema: string; node: string }>`
      select distinct split_part(table_name::text, '.', 1) as schema, nodename || ':' || nodeport as node
      from citus_shards where table_name::text like 'place\\_%'`.execute(db);
    const bySchema = new Map<string, Set<string>>();
    for (const r of placement.rows) bySchema.set(r.schema, (bySchema.get(r.schema) ?? new Set()).add(r.node));
    expect(bySchema.size).toBe(12);
    for (const [schema, nodes] of bySchema) expect(nodes.size, `${schema} on one node`).toBe(1);
    const perNode = new Map<string, number>();
    for (const nodes of bySchema.values()) for (const n of nodes) perNode.set(n, (perNode.get(n) ?? 0) + 1);
    expect([...perNode.keys()].sort()).toEqual([...(env.citusWorkers ?? [])].sort());
    for (const count of perNode.values()) expect(count).toBeGreaterThanOrEqual(3);
  });
});
