// The tenants table's URL query (?q=&sort=&dir=&page=&per=): parsed leniently (a bad value falls
// back to its default, never an error page) and turned back into links.
import type { TenantListQuery } from '@/lib/platform';

export const SORT_KEYS = ['name', 'schema', 'created', 'paid_until'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

const SORT_COLUMNS: Record<SortKey, NonNullable<TenantListQuery['sort']>> = {
  name: 'name',
  schema: 'schema_name',
  created: 'created_at',
  paid_until: 'paid_until',
};

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

export interface ListParams {
  q: string;
  sort: SortKey;
  dir: 'asc' | 'desc';
  page: number;
  per: number;
}

type Search = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function intIn(raw: string | undefined, min: number, max: number, fallback: number): number {
  if (!raw || !/^\d{1,7}$/.test(raw)) return fallback;
  const n = Number(raw);
  return n >= min && n <= max ? n : fallback;
}

/** Default order: newest first; name and schema default to A→Z when picked without a direction. */
export function parseListParams(sp: Search): ListParams {
  const rawSort = first(sp.sort);
  const sort: SortKey = (SORT_KEYS as readonly string[]).includes(rawSort ?? '') ? (rawSort as SortKey) : 'created';
  const rawDir = first(sp.dir);
  const dir = rawDir === 'asc' || rawDir === 'desc' ? rawDir : defaultDir(sort);
  return {
    q: (first(sp.q) ?? '').trim().slice(0, 100),
    sort,
    dir,
    page: intIn(first(sp.page), 1, 100_000, 1),
    per: intIn(first(sp.per), 1, MAX_PER_PAGE, DEFAULT_PER_PAGE),
  };
}

export function defaultDir(sort: SortKey): 'asc' | 'desc' {
  return sort === 'name' || sort === 'schema' ? 'asc' : 'desc';
}

/** The listTenants query for these params. */
export function toTenantQuery(p: ListParams): TenantListQuery {
  return { q: p.q || undefined, sort: SORT_COLUMNS[p.sort], dir: p.dir, page: p.page, perPage: p.per };
}

/** /admin with these params changed; defaults are left out so URLs stay short. */
export function listHref(p: ListParams, change: Partial<ListParams> = {}): string {
  const n = { ...p, ...change };
  const qs = new URLSearchParams();
  if (n.q) qs.set('q', n.q);
  if (n.sort !== 'created') qs.set('sort', n.sort);
  if (n.dir !== defaultDir(n.sort)) qs.set('dir', n.dir);
  if (n.per !== DEFAULT_PER_PAGE) qs.set('per', String(n.per));
  if (n.page !== 1) qs.set('page', String(n.page));
  const s = qs.toString();
  return s ? `/admin?${s}` : '/admin';
}

/** The link of a sortable column header: same column flips the direction, another starts at its default. */
export function sortHref(p: ListParams, sort: SortKey): string {
  const dir = p.sort === sort ? (p.dir === 'asc' ? 'desc' : 'asc') : defaultDir(sort);
  return listHref(p, { sort, dir, page: 1 });
}
