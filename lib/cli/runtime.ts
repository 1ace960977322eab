import { InvalidArgumentError } from 'commander';
import { dbDirectPoolMax } from '@/lib/config/env';
import { UserError } from '@/lib/infra/errors';
import { validateSchemaName } from '@/lib/tenancy/schema-name';
import { note } from './output';

/**
 * Runs a command body with a database: attaches to (or starts) the embedded PostgreSQL when no
 * DATABASE_URL is set, and always closes the pools and stops what it started.
 * The body returns the exit code (default 0).
 */
export async function withDatabase(body: () => Promise<number | void>): Promise<void> {
  // Loaded here, not at the top: --help and option errors then never load pg, kysely or pino.
  const { ensureDatabaseEnv } = await import('@/lib/infra/db/env');
  const { closePools } = await import('@/lib/infra/db/pool');
  const handle = await ensureDatabaseEnv(note);
  try {
    const code = await body();
    if (code) process.exitCode = code;
  } finally {
    await closePools().catch(() => undefined);
    await handle.stop().catch(() => undefined);
  }
}

/** Lets a command use up to `n` direct connections (the pool is created lazily, on first use). */
export function wantDirectConnections(n: number): void {
  const current = dbDirectPoolMax();
  if (!(current >= n)) process.env.DB_DIRECT_POOL_MAX = String(n);
}

export function parseBool(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'yes' || v === '1') return true;
  if (v === 'false' || v === 'no' || v === '0') return false;
  throw new InvalidArgumentError('Expected true or false.');
}

export function intParser(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('Expected a whole number.');
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`Expected a number from ${min} to ${max}.`);
    return n;
  };
}

/** Tenant schema name checked before it reaches SQL (a UserError, so exit 1 with one line). */
export function checkedSchema(s: string): string {
  const r = validateSchemaName(s);
  if (!r.ok) throw new UserError(r.error, 400, 'schema');
  return r.schema;
}
