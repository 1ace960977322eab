// The operator dashboard's counts over public.tenants (issue 15, item 15). Executor first; the
// pages call them through lib/features/admin/fetchers.ts.
import { sql, type Kysely } from 'kysely';
import type { PublicDatabase } from '@/lib/infra/db/schema';
import { tenantBadge, todayIso, type TenantBadge } from './tenant-status';

type Db = Kysely<PublicDatabase>;

const DAY_MS = 86_400_000;

export interface DayCount {
  /** YYYY-MM-DD (UTC). */
  day: string;
  count: number;
}

/**
 * New tenants per UTC day for the `days` days up to and including today, oldest first, with a
 * zero for every day without one. A tenant counts on the day it was created (signup, the admin
 * or the CLI alike); deleted tenants are gone from public.tenants and do not count.
 */
export async function signupsPerDay(db: Db, days = 30, now = new Date()): Promise<DayCount[]> {
  const end = todayIso(now);
  const start = todayIso(new Date(now.getTime() - (days - 1) * DAY_MS));
  const r = await sql<{ day: string; n: number }>`
    with counts as (
      select (created_at at time zone 'UTC')::date as day, count(*)::int as n
      from public.tenants
      where created_at >= ${start}::timestamp at time zone 'UTC'
      group by 1
    )
    select d.day::text as day, coalesce(c.n, 0) as n
    from (select generate_series(${start}::timestamp, ${end}::timestamp, interval '1 day')::date as day) d
    left join counts c on c.day = d.day
    order by d.day`.execute(db);
  return r.rows.map((row) => ({ day: row.day, count: row.n }));
}

export type StatusKind = TenantBadge['kind'];

/** The badges of the tenant list, in the order the chart shows them. */
export const STATUS_KINDS: { kind: StatusKind; label: string }[] = [
  { kind: 'active', label: 'Active, no end date' },
  { kind: 'paid', label: 'Paid' },
  { kind: 'trial', label: 'Trial' },
  { kind: 'expired', label: 'Expired' },
  { kind: 'suspended', label: 'Suspended' },
];

/**
 * How many tenants wear each badge of the tenant list (tenantBadge: suspended, trial, expired,
 * paid, active), every kind present, zeros included. The database groups by the facts the badge
 * depends on; tenantBadge itself classifies each group, so the chart and the list cannot disagree.
 */
export async function tenantsByStatus(db: Db, now = new Date()): Promise<{ kind: StatusKind; label: string; count: number }[]> {
  const today = todayIso(now);
  const r = await sql<{ status: 'active' | 'suspended'; on_trial: boolean; paid: 'none' | 'past' | 'future'; n: number }>`
    select status, on_trial,
           case when paid_until is null then 'none' when paid_until < ${today}::date then 'past' else 'future' end as paid,
           count(*)::int as n
    from public.tenants
    group by 1, 2, 3`.execute(db);
  const counts = new Map<StatusKind, number>();
  for (const row of r.rows) {
    // A representative date on the same side of today as the group's real ones.
    const paid_until = row.paid === 'none' ? null : row.paid === 'past' ? '0001-01-01' : '9999-12-31';
    const { kind } = tenantBadge({ status: row.status, on_trial: row.on_trial, paid_until }, today);
    counts.set(kind, (counts.get(kind) ?? 0) + row.n);
  }
  return STATUS_KINDS.map((s) => ({ ...s, count: counts.get(s.kind) ?? 0 }));
}
