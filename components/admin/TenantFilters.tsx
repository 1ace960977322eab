import { useTranslations } from 'next-intl';
import { Button, Field, SelectField } from '@/components/ui';
import { SORT_KEYS, type ListParams } from '@/lib/features/admin/list-params';

/**
 * Search and sort as a plain GET form: the URL holds the state, so it works without JavaScript,
 * survives reloads and can be shared.
 */
export function TenantFilters({ params }: { params: ListParams }) {
  const t = useTranslations('admin.filters');
  return (
    <form
      method="get"
      action="/admin"
      role="search"
      aria-label={t('label')}
      className="mb-4 grid gap-3 sm:grid-cols-[minmax(0,1fr)_auto_auto_auto] sm:items-end"
    >
      <Field
        name="q"
        label={t('search')}
        type="search"
        defaultValue={params.q}
        placeholder={t('searchPlaceholder')}
        maxLength={100}
        autoComplete="off"
      />
      <SelectField
        name="sort"
        label={t('sortBy')}
        defaultValue={params.sort}
        options={SORT_KEYS.map((k) => ({ value: k, label: t(`sort.${k}`) }))}
      />
      <SelectField
        name="dir"
        label={t('order')}
        defaultValue={params.dir}
        options={[
          { value: 'asc', label: t('asc') },
          { value: 'desc', label: t('desc') },
        ]}
      />
      {params.per !== 20 ? <input type="hidden" name="per" value={params.per} /> : null}
      <Button type="submit" variant="secondary">
        {t('apply')}
      </Button>
    </form>
  );
}
