import { sql, type Kysely } from 'kysely';
import type { Migration } from '@/migrations/types';

/**
 * Applies the pending migrations of one schema inside the caller's transaction, whose
 * search_path is already that schema. Returns the names applied (in order).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function applyPending(trx: Kysely<any>, migrations: Migration[], knownEmpty = false): Promise<string[]> {
  let done = new Set<string>();
  if (knownEmpty) {
    await sql`create table quorum_migrations (name text primary key, applied_at timestamptz not null default now())`.execute(trx);
  } else {
    await sql`create table if not exists quorum_migrations (name text primary key, applied_at timestamptz not null default now())`.execute(
      trx,
    );
    const rows = await sql<{ name: string }>`select name from quorum_migrations`.execute(trx);
    done = new Set(rows.rows.map((r) => r.name));
  }
  const pending = migrations.filter((m) => !done.has(m.name));
  for (const m of pending) await m.up(trx);
  if (pending.length > 0) {
    await trx
      .insertInto('quorum_migrations')
      .values(pending.map((m) => ({ name: m.name })))
      .execute();
  }
  return pending.map((m) => m.name);
}

export function latestName(migrations: Migration[]): string | null {
  return migrations.length ? migrations[migrations.length - 1].name : null;
}
