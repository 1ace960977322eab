'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Button, DataTable } from '@/components/ui';
import { migrateTenantsAction, type MigrateActionState } from '@/lib/features/admin/actions/migrations';
import { ActionMessage } from './ActionMessage';

const initial: MigrateActionState = {};

/** Runs pending tenant migrations (every tenant that is behind or failed) and shows what happened. */
export function MigrateForm({ pending }: { pending: number }) {
  const [state, action] = useActionState(migrateTenantsAction, initial);
  const results = state.results ?? [];
  const t = useTranslations('admin.migrate');
  return (
    <div className="space-y-4">
      <form action={action} className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="schema" value="" />
        <Button type="submit" pendingLabel={t('pending')}>
          {t('submit')}
        </Button>
        <p className="text-sm text-slate-700">{pending === 0 ? t('allUpToDate') : t('needMigrating', { count: pending })}</p>
      </form>
      {/* Both outcomes as a status message: a partial failure is reported, not thrown. */}
      <ActionMessage state={state.error ? { error: state.error } : state} />
      {results.length > 0 ? (
        <DataTable
          caption={t('resultsCaption')}
          label={t('resultsLabel')}
          minWidth="min-w-[36rem]"
          bodyTestId="migration-results"
          rows={results}
          rowKey={(r) => r.schema}
          rowProps={(r) => ({ 'data-schema': r.schema })}
          columns={[
            { key: 'schema', header: t('schema'), className: 'font-mono text-xs', wrap: true, cell: (r) => r.schema },
            {
              key: 'result',
              header: t('result'),
              wrap: true,
              cell: (r) =>
                r.error ? (
                  <span className="text-red-800">{t('failed', { error: r.error })}</span>
                ) : (
                  <span className="text-green-800">{t('upToDate')}</span>
                ),
            },
            {
              key: 'applied',
              header: t('applied'),
              className: 'text-slate-800',
              cell: (r) => (r.applied.length ? r.applied.join(', ') : t('nothingPending')),
            },
            { key: 'time', header: t('time'), numeric: true, className: 'text-slate-800', cell: (r) => t('ms', { ms: String(r.ms) }) },
          ]}
        />
      ) : null}
    </div>
  );
}

/** One tenant's pending migrations, from its row in "Needs attention". */
export function MigrateOneButton({ schema }: { schema: string }) {
  const [state, action] = useActionState(migrateTenantsAction, initial);
  const t = useTranslations('admin.migrate');
  return (
    <form action={action} className="flex flex-col items-start gap-1">
      <input type="hidden" name="schema" value={schema} />
      <Button type="submit" variant="secondary" className="px-3 py-1.5" pendingLabel={t('oneOpening')}>
        {t('one')}
        <span className="sr-only"> {schema}</span>
      </Button>
      {state.error ? (
        <span role="alert" className="text-xs text-red-800">
          {state.error}
        </span>
      ) : state.message ? (
        <span role="status" className="text-xs text-green-800">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
