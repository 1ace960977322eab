'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { Badge, Button, Field } from '@/components/ui';
import { addDomainAction, removeDomainAction, setPrimaryDomainAction } from '@/lib/features/admin/actions/domains';
import { verifyDomainAction } from '@/lib/features/admin/actions/verify-domain';
import { DomainChallengeBox } from './DomainChallengeBox';
import { initialAdminState } from '@/lib/features/admin/form-defaults';
import { ActionMessage } from './ActionMessage';
import { CheckboxField } from './CheckboxField';

export interface DomainItem {
  domain: string;
  isPrimary: boolean;
  /** Where the domain answers (protocol-relative, with the app's port). */
  href: string;
  /** For a pending custom domain: the TXT record to create (null once verified). */
  record?: { name: string; value: string } | null;
}

function DomainRow({ schema, d, removeAction }: { schema: string; d: DomainItem; removeAction: (form: FormData) => void }) {
  const t = useTranslations('admin');
  const [primaryState, primaryAction] = useActionState(setPrimaryDomainAction, initialAdminState);
  // Removing is immediate and the host stops answering at once: ask first.
  const [confirming, setConfirming] = useState(false);
  const [verifyState, verifyAction] = useActionState(verifyDomainAction, initialAdminState);
  const error = primaryState.error;
  return (
    <li className="py-3" data-domain={d.domain}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <a
            href={d.href}
            className="min-w-0 [overflow-wrap:anywhere] font-mono text-sm text-indigo-800 underline-offset-4 hover:underline focus-visible:outline-3 focus-visible:outline-indigo-600"
          >
            {d.domain}
          </a>
          {d.isPrimary ? <Badge tone="success">{t('domains.primary')}</Badge> : null}
          {d.record ? <Badge tone="warning">{t('domains.pendingVerification')}</Badge> : null}
        </div>
        {d.isPrimary ? (
          <p className="text-xs text-slate-600">{t('domains.removePrimaryFirst')}</p>
        ) : (
          <div className="flex flex-wrap gap-2">
            {d.record ? null : (
              <form action={primaryAction}>
                <input type="hidden" name="schema" value={schema} />
                <input type="hidden" name="domain" value={d.domain} />
                <Button type="submit" variant="secondary" className="px-3 py-1.5" pendingLabel={t('domains.updating')}>
                  {t('domains.makePrimary')}
                  <span className="sr-only">: {d.domain}</span>
                </Button>
              </form>
            )}
            {confirming ? null : (
              <Button type="button" variant="ghost" className="px-3 py-1.5 text-red-800" onClick={() => setConfirming(true)}>
                {t('domains.remove')}
                <span className="sr-only"> {d.domain}</span>
              </Button>
            )}
          </div>
        )}
      </div>
      {d.record ? (
        <DomainChallengeBox schema={schema} domain={d.domain} record={d.record} state={verifyState} action={verifyAction} />
      ) : null}
      {confirming && !d.isPrimary ? (
        <form
          action={removeAction}
          className="mt-3 rounded-md border border-red-200 bg-red-50 p-3"
          aria-label={t('domains.confirmLabel', { domain: d.domain })}
        >
          <p className="text-sm text-red-900" role="alert">
            {t.rich('domains.confirm', { domain: () => <span className="font-mono">{d.domain}</span> })}
          </p>
          <input type="hidden" name="schema" value={schema} />
          <input type="hidden" name="domain" value={d.domain} />
          <div className="mt-2 flex flex-wrap gap-2">
            <Button type="submit" variant="danger" className="px-3 py-1.5" pendingLabel={t('domains.removing')}>
              {t('domains.yesRemove')}
              <span className="sr-only"> {d.domain}</span>
            </Button>
            <Button type="button" variant="secondary" className="px-3 py-1.5" onClick={() => setConfirming(false)}>
              {t('forms.cancel')}
            </Button>
          </div>
        </form>
      ) : null}
      {error ? <ActionMessage state={{ error }} className="mt-2" /> : null}
    </li>
  );
}

function AddDomainForm({ schema, example }: { schema: string; example: string }) {
  // (Remounted by DomainManager after a removal, so an earlier "already in use" does not linger.)
  const t = useTranslations('admin');
  const [state, action] = useActionState(addDomainAction, initialAdminState);
  const fe = state.fieldErrors ?? {};
  const v = state.error ? state.values : undefined;
  // The domain sentence shows inline; other errors (and successes) above the form.
  const shown = state.error && state.error === fe.domain ? { ...state, error: undefined } : state;
  return (
    <form action={action} className="space-y-3" noValidate aria-label={t('domains.addLabel')}>
      <ActionMessage state={shown} />
      <input type="hidden" name="schema" value={schema} />
      <Field
        name="domain"
        label={t('domains.newDomain')}
        defaultValue={v?.domain ?? ''}
        error={fe.domain}
        autoComplete="off"
        spellCheck={false}
        hint={t('forms.forExampleNoPort', { example })}
      />
      <CheckboxField name="primary" label={t('domains.makeItPrimary')} defaultChecked={v?.primary === 'on'} />
      <Button type="submit" pendingLabel={t('domains.adding')}>
        {t('domains.add')}
      </Button>
    </form>
  );
}

/** The tenant's domains (exactly one primary), with add, remove and make-primary. */
export function DomainManager({ schema, domains, example }: { schema: string; domains: DomainItem[]; example: string }) {
  // Removal's state lives here, not in the row: the removed row unmounts, and its confirmation
  // ("x removed.") or error must still show. Each answer also resets the add form.
  const t = useTranslations('admin.domains');
  const [removeState, removeAction] = useActionState(removeDomainAction, initialAdminState);
  const [answers, setAnswers] = useState({ state: removeState, count: 0 });
  if (answers.state !== removeState) setAnswers({ state: removeState, count: answers.count + 1 });
  return (
    <div className="space-y-4">
      <ActionMessage state={removeState} />
      <ul className="divide-y divide-slate-200" aria-label={t('list')}>
        {domains.map((d) => (
          <DomainRow key={d.domain} schema={schema} d={d} removeAction={removeAction} />
        ))}
      </ul>
      <div className="border-t border-slate-200 pt-4">
        <h3 className="mb-3 text-base font-semibold text-slate-900">{t('addLabel')}</h3>
        <AddDomainForm key={answers.count} schema={schema} example={example} />
      </div>
    </div>
  );
}
