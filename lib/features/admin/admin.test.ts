import { describe, expect, it } from 'vitest';
import { createTenantInput, deleteTenantInput, migrateInput, updateTenantInput } from './inputs';
import { listHref, parseListParams, sortHref, toTenantQuery } from './list-params';
import { consoleUrl, describeUrl, explainConsoleError } from './pool-stats';
import { migrationState, tenantBadge } from './tenant-status';
import { isReadOnly } from '@/lib/tenancy';

describe('tenants table URL params', () => {
  it('falls back to defaults for missing or bad values', () => {
    expect(parseListParams({})).toEqual({ q: '', sort: 'created', dir: 'desc', page: 1, per: 20 });
    expect(parseListParams({ sort: 'bogus', dir: 'up', page: '-3', per: '99999', q: ['  acme ', 'x'] })).toEqual({
      q: 'acme',
      sort: 'created',
      dir: 'desc',
      page: 1,
      per: 20,
    });
    expect(parseListParams({ sort: 'name' }).dir).toBe('asc');
    expect(parseListParams({ sort: 'paid_until', dir: 'asc', page: '3', per: '50' })).toMatchObject({
      sort: 'paid_until',
      dir: 'asc',
      page: 3,
      per: 50,
    });
  });

  it('maps to listTenants columns and back to short links', () => {
    const p = parseListParams({ q: 'a&b', sort: 'schema', page: '2' });
    expect(toTenantQuery(p)).toEqual({ q: 'a&b', sort: 'schema_name', dir: 'asc', page: 2, perPage: 20 });
    expect(listHref(p)).toBe('/admin?q=a%26b&sort=schema&page=2');
    expect(listHref(parseListParams({}))).toBe('/admin');
    // Same column flips the direction and goes back to page 1; another column starts at its default.
    expect(sortHref(p, 'schema')).toBe('/admin?q=a%26b&sort=schema&dir=desc');
    expect(sortHref(p, 'created')).toBe('/admin?q=a%26b');
  });
});

describe('tenant badges', () => {
  const today = '2026-06-15';
  it('suspended wins, then trial, expired, paid, active', () => {
    expect(tenantBadge({ status: 'suspended', on_trial: true, paid_until: null }, today).kind).toBe('suspended');
    expect(tenantBadge({ status: 'active', on_trial: true, paid_until: '2026-07-01' }, today)).toMatchObject({
      kind: 'trial',
      label: 'Trial until 1 Jul 2026',
    });
    expect(tenantBadge({ status: 'active', on_trial: false, paid_until: '2026-06-14' }, today)).toMatchObject({
      kind: 'expired',
      label: 'Expired 14 Jun 2026',
    });
    expect(tenantBadge({ status: 'active', on_trial: false, paid_until: '2026-06-15' }, today)).toMatchObject({
      kind: 'paid',
      label: 'Paid until 15 Jun 2026',
    });
    expect(tenantBadge({ status: 'active', on_trial: false, paid_until: null }, today).kind).toBe('active');
  });

  it('a trial whose end has passed is expired (and read-only), not a trial (issue 24, item 15)', () => {
    expect(tenantBadge({ status: 'active', on_trial: true, paid_until: '2026-06-14' }, today)).toMatchObject({
      kind: 'expired',
      label: 'Trial ended 14 Jun 2026',
    });
    expect(isReadOnly({ onTrial: true, paidUntil: '2026-06-14' }, today)).toBe(true);
    expect(isReadOnly({ onTrial: true, paidUntil: '2026-06-15' }, today)).toBe(false);
    expect(isReadOnly({ onTrial: true, paidUntil: null }, today)).toBe(false);
  });

  it('migration state from the tenant record', () => {
    expect(migrationState({ migration_version: 'b', migration_status: 'ok' }, 'b')).toBe('up-to-date');
    expect(migrationState({ migration_version: 'a', migration_status: 'ok' }, 'b')).toBe('behind');
    expect(migrationState({ migration_version: 'b', migration_status: 'failed' }, 'b')).toBe('failed');
  });
});

describe('pool report helpers', () => {
  it('never shows a password', () => {
    const url = 'postgres://quorum:s3cr%40t@127.0.0.1:6432/quorum?sslmode=disable';
    expect(describeUrl(url)).toBe('quorum@127.0.0.1:6432/quorum');
    expect(consoleUrl(url)).toBe('postgres://quorum:s3cr%40t@127.0.0.1:6432/pgbouncer?sslmode=disable');
    expect(explainConsoleError(new Error('connect to postgres://quorum:s3cr%40t@h/x failed: weird'))).not.toContain('s3cr');
  });

  it('explains why there is no PgBouncer section', () => {
    expect(explainConsoleError(Object.assign(new Error('database "pgbouncer" does not exist'), { code: '3D000' }))).toMatch(/no PgBouncer/);
    expect(explainConsoleError(Object.assign(new Error('not allowed'), { code: '08P01' }))).toMatch(/stats_users/);
    expect(explainConsoleError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toMatch(
      /could not be reached/,
    );
  });
});

describe('admin form inputs', () => {
  const base = {
    schema: 'acme',
    name: 'Acme',
    domain: 'Acme.Example.COM.',
    paidUntil: '',
    onTrial: true,
    adminEmail: '',
    adminPassword: '',
  };
  it('accepts a tenant without an admin and canonicalises the domain', () => {
    const r = createTenantInput.safeParse(base);
    expect(r.success && r.data).toMatchObject({ schema: 'acme', domain: 'acme.example.com', paidUntil: null });
  });

  it('rejects hostile schema names, half an admin and impossible dates', () => {
    const bad = createTenantInput.safeParse({ ...base, schema: 'pg_bad', adminEmail: 'x@y.z', paidUntil: '2026-02-30' });
    expect(bad.success).toBe(false);
    const fields = bad.success ? [] : bad.error.issues.map((i) => i.path[0]);
    expect(fields).toEqual(expect.arrayContaining(['schema', 'paidUntil', 'adminPassword']));
    expect(updateTenantInput.safeParse({ schema: 'public', name: 'x', paidUntil: '', onTrial: false }).success).toBe(false);
  });

  it('deletion needs the exact schema name; migrate takes one schema or all', () => {
    expect(deleteTenantInput.safeParse({ schema: 'acme', confirm: 'acme ' }).success).toBe(true);
    expect(deleteTenantInput.safeParse({ schema: 'acme', confirm: 'ACME' }).success).toBe(false);
    expect(migrateInput.parse({ schema: '' })).toEqual({ schema: undefined });
    expect(migrateInput.safeParse({ schema: 'pg_toast' }).success).toBe(false);
  });
});
