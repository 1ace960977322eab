'use client';

import { useActionState } from 'react';
import { Badge, Button, Field } from '@/components/ui';
import { addDomainAction, removeDomainAction, setPrimaryDomainAction } from '@/lib/actions/admin/domains';
import { initialAdminState } from '@/lib/admin/form-defaults';
import { ActionMessage } from './ActionMessage';
import { CheckboxField } from './CheckboxField';

export interface DomainItem {
  domain: string;
  isPrimary: boolean;
  /** Where the domain answers (protocol-relative, with the app's port). */
  href: string;
}

function DomainRow({ schema, d }: { schema: string; d: DomainItem }) {
  const [primaryState, primaryAction] = useActionState(setPrimaryDomainAction, initialAdminState);
  const [removeState, removeAction] = useActionState(removeDomainAction, initialAdminState);
  const error = primaryState.error ?? removeState.error;
  return (
    <li className="py-3" data-domain={d.domain}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <a href={d.href} className="break-all font-mono text-sm text-indigo-800 underline-offset-4 hover:underline focus-visible:outline-3 focus-visible:outline-indigo-600">
            {d.domain}
          </a>
          {d.isPrimary ? <Badge tone="success">Primary</Badge> : null}
        </div>
        {d.isPrimary ? (
          <p className="text-xs text-slate-600">To remove it, make another domain primary first.</p>
        ) : (
          <div className="flex flex-wrap gap-2">
            <form action={primaryAction}>
              <input type="hidden" name="schema" value={schema} />
              <input type="hidden" name="domain" value={d.domain} />
              <Button type="submit" variant="secondary" className="px-3 py-1.5" pendingLabel="Updating…">
                Make primary<span className="sr-only">: {d.domain}</span>
              </Button>
            </form>
            <form action={removeAction}>
              <input type="hidden" name="schema" value={schema} />
              <input type="hidden" name="domain" value={d.domain} />
              <Button type="submit" variant="ghost" className="px-3 py-1.5 text-red-800" pendingLabel="Removing…">
                Remove<span className="sr-only"> {d.domain}</span>
              </Button>
            </form>
          </div>
        )}
      </div>
      {error ? <ActionMessage state={{ error }} className="mt-2" /> : null}
    </li>
  );
}

function AddDomainForm({ schema, example }: { schema: string; example: string }) {
  const [state, action] = useActionState(addDomainAction, initialAdminState);
  const fe = state.fieldErrors ?? {};
  const v = state.error ? state.values : undefined;
  // The domain sentence shows inline; other errors (and successes) above the form.
  const shown = state.error && state.error === fe.domain ? { ...state, error: undefined } : state;
  return (
    <form action={action} className="space-y-3" noValidate aria-label="Add a domain">
      <ActionMessage state={shown} />
      <input type="hidden" name="schema" value={schema} />
      <Field name="domain" label="New domain" defaultValue={v?.domain ?? ''} error={fe.domain} autoComplete="off" spellCheck={false} hint={`For example ${example}. No port.`} />
      <CheckboxField name="primary" label="Make it the primary domain" defaultChecked={v?.primary === 'on'} />
      <Button type="submit" pendingLabel="Adding domain…">
        Add domain
      </Button>
    </form>
  );
}

/** The tenant's domains (exactly one primary), with add, remove and make-primary. */
export function DomainManager({ schema, domains, example }: { schema: string; domains: DomainItem[]; example: string }) {
  return (
    <div className="space-y-4">
      <ul className="divide-y divide-slate-200" aria-label="Domains">
        {domains.map((d) => (
          <DomainRow key={d.domain} schema={schema} d={d} />
        ))}
      </ul>
      <div className="border-t border-slate-200 pt-4">
        <h3 className="mb-3 text-base font-semibold text-slate-900">Add a domain</h3>
        <AddDomainForm schema={schema} example={example} />
      </div>
    </div>
  );
}
