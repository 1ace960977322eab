import { Button, Field, SelectField } from '@/components/ui';
import { SORT_KEYS, SORT_LABELS, type ListParams } from '@/lib/features/admin/list-params';

/**
 * Search and sort as a plain GET form: the URL holds the state, so it works without JavaScript,
 * survives reloads and can be shared.
 */
export function TenantFilters({ params }: { params: ListParams }) {
  return (
    <form
      method="get"
      action="/admin"
      role="search"
      aria-label="Tenants"
      className="mb-4 grid gap-3 sm:grid-cols-[minmax(0,1fr)_auto_auto_auto] sm:items-end"
    >
      <Field
        name="q"
        label="Search"
        type="search"
        defaultValue={params.q}
        placeholder="Schema, name or domain"
        maxLength={100}
        autoComplete="off"
      />
      <SelectField
        name="sort"
        label="Sort by"
        defaultValue={params.sort}
        options={SORT_KEYS.map((k) => ({ value: k, label: SORT_LABELS[k] }))}
      />
      <SelectField
        name="dir"
        label="Order"
        defaultValue={params.dir}
        options={[
          { value: 'asc', label: 'Ascending' },
          { value: 'desc', label: 'Descending' },
        ]}
      />
      {params.per !== 20 ? <input type="hidden" name="per" value={params.per} /> : null}
      <Button type="submit" variant="secondary">
        Apply
      </Button>
    </form>
  );
}
