// How the superuser area labels a tenant: one badge from status, trial flag and paid-until date.

import { formatDateIn } from '@/lib/infra/format';

export interface TenantStatusLike {
  status: 'active' | 'suspended';
  on_trial: boolean;
  paid_until: string | null;
}

export interface TenantBadge {
  kind: 'suspended' | 'expired' | 'trial' | 'paid' | 'active';
  label: string;
  /** The label's message (admin.badge.*), with `date` (YYYY-MM-DD) where it names one: pages translate it. */
  message: 'suspended' | 'trialEnded' | 'trialUntil' | 'trial' | 'expired' | 'paidUntil' | 'active';
  date?: string;
  /** One of the Badge component's tones. */
  tone: 'danger' | 'info' | 'warning' | 'success';
}

/** Today as YYYY-MM-DD (UTC), the same calendar the read-only check uses. */
export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Suspended wins; then expired (paid-until in the past, the tenant is read-only: a trial whose
 * end has passed too, "Trial ended <date>"); then trial (with its end date, if any); then "paid
 * until <date>"; a paying tenant without a date is "active".
 */
export function tenantBadge(t: TenantStatusLike, today = todayIso()): TenantBadge {
  if (t.status === 'suspended') return { kind: 'suspended', label: 'Suspended', message: 'suspended', tone: 'danger' };
  if (t.on_trial && t.paid_until !== null && t.paid_until < today)
    return { kind: 'expired', label: `Trial ended ${dayLabel(t.paid_until)}`, message: 'trialEnded', date: t.paid_until, tone: 'warning' };
  if (t.on_trial)
    return t.paid_until
      ? { kind: 'trial', label: `Trial until ${dayLabel(t.paid_until)}`, message: 'trialUntil', date: t.paid_until, tone: 'info' }
      : { kind: 'trial', label: 'Trial', message: 'trial', tone: 'info' };
  if (t.paid_until !== null && t.paid_until < today)
    return { kind: 'expired', label: `Expired ${dayLabel(t.paid_until)}`, message: 'expired', date: t.paid_until, tone: 'warning' };
  if (t.paid_until !== null)
    return { kind: 'paid', label: `Paid until ${dayLabel(t.paid_until)}`, message: 'paidUntil', date: t.paid_until, tone: 'success' };
  return { kind: 'active', label: 'Active, no end date', message: 'active', tone: 'success' };
}

export type MigrationState = 'up-to-date' | 'behind' | 'failed';

/** A tenant's migration state from its record in public.tenants. */
export function migrationState(t: { migration_version: string | null; migration_status: string }, latest: string | null): MigrationState {
  if (t.migration_status === 'failed') return 'failed';
  if (t.migration_version !== latest) return 'behind';
  return 'up-to-date';
}

/** A YYYY-MM-DD day as the rest of the admin shows dates ("30 Jun 2031"); anything else unchanged. */
export function dayLabel(day: string, locale?: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  return formatDateIn(locale ?? 'en', day);
}
