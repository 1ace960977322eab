'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui';
import { migrateTenantsAction, type MigrateActionState } from '@/lib/features/admin/actions/migrations';
import { ActionMessage } from './ActionMessage';

const initial: MigrateActionState = {};

/** Runs pending tenant migrations (every tenant that is behind or failed) and shows what happened. */
export function MigrateForm({ pending }: { pending: number }) {
  const [state, action] = useActionState(migrateTenantsAction, initial);
  const results = state.results ?? [];
  return (
    <div className="space-y-4">
      <form action={action} className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="schema" value="" />
        <Button type="submit" pendingLabel="Running migrations…">
          Run pending tenant migrations
        </Button>
        <p className="text-sm text-slate-700">
          {pending === 0
            ? 'Every tenant is up to date; running checks nothing else.'
            : `${pending} ${pending === 1 ? 'tenant needs' : 'tenants need'} migrating.`}
        </p>
      </form>
      {/* Both outcomes as a status message: a partial failure is reported, not thrown. */}
      <ActionMessage state={state.error ? { error: state.error } : state} />
      {results.length > 0 ? (
        <div
          className="relative overflow-x-auto rounded focus-visible:outline-3 focus-visible:outline-indigo-600"
          tabIndex={0}
          role="region"
          aria-label="Migration results"
        >
          <table className="w-full min-w-[36rem] text-left text-sm">
            <caption className="sr-only">Result of the migration run, one row per tenant</caption>
            <thead className="border-b border-slate-300 text-slate-700">
              <tr>
                <th scope="col" className="py-2 pr-4 font-semibold">
                  Schema
                </th>
                <th scope="col" className="py-2 pr-4 font-semibold">
                  Result
                </th>
                <th scope="col" className="py-2 pr-4 font-semibold">
                  Applied
                </th>
                <th scope="col" className="py-2 text-right font-semibold">
                  Time
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200" data-testid="migration-results">
              {results.map((r) => (
                <tr key={r.schema} data-schema={r.schema}>
                  <td className="py-2 pr-4 font-mono text-xs">{r.schema}</td>
                  <td className="py-2 pr-4">
                    {r.error ? <span className="text-red-800">Failed: {r.error}</span> : <span className="text-green-800">Up to date</span>}
                  </td>
                  <td className="py-2 pr-4 text-slate-800">{r.applied.length ? r.applied.join(', ') : 'nothing pending in the schema'}</td>
                  <td className="py-2 text-right tabular-nums text-slate-800">{r.ms} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

/** One tenant's pending migrations, from its row in "Needs attention". */
export function MigrateOneButton({ schema }: { schema: string }) {
  const [state, action] = useActionState(migrateTenantsAction, initial);
  return (
    <form action={action} className="flex flex-col items-start gap-1">
      <input type="hidden" name="schema" value={schema} />
      <Button type="submit" variant="secondary" className="px-3 py-1.5" pendingLabel="Migrating…">
        Migrate<span className="sr-only"> {schema}</span>
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
