'use client';

import { useActionState, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Alert, Badge, Button, Field, FormError, bannerError, initialFormState, useConfirmStep, type FormState } from '@/components/ui';
import { addCustomDomainAction, removeCustomDomainAction, verifyCustomDomainAction } from '@/lib/features/organisation/actions/domains';

export interface CustomDomainItem {
  domain: string;
  /** The Unicode form of an internationalised (xn--) domain, shown beside it; null otherwise. */
  unicode: string | null;
  isPrimary: boolean;
  /** A custom domain that is not the primary one: the admin may remove it. */
  removable: boolean;
  record: { name: string; value: string } | null;
}

function PendingDomain({
  d,
  state,
  action,
}: {
  d: CustomDomainItem & { record: { name: string; value: string } };
  /** The last Verify answer, when it was about this domain and is the page's latest answer. */
  state: FormState | null;
  action: (form: FormData) => void;
}) {
  const t = useTranslations('tenant.domains');
  return (
    <div className="mt-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-950" data-testid="domain-challenge">
      <p>{t('challenge')}</p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 font-mono text-xs">
        <dt className="font-sans font-semibold">{t('recordName')}</dt>
        <dd className="break-all">{d.record.name}</dd>
        <dt className="font-sans font-semibold">{t('recordType')}</dt>
        <dd>TXT</dd>
        <dt className="font-sans font-semibold">{t('recordValue')}</dt>
        <dd className="break-all">{d.record.value}</dd>
      </dl>
      <form action={action} className="mt-3 space-y-2">
        <input type="hidden" name="domain" value={d.domain} />
        <FormError message={state?.error} />
        <Button type="submit" variant="secondary" className="px-3 py-1.5" pendingLabel={t('verifying')}>
          {t.rich('verify', { domain: d.domain, sr: (chunks) => <span className="sr-only">{chunks}</span> })}
        </Button>
      </form>
    </div>
  );
}

/** "Remove…" with an inline confirmation; the answer is shown by the list (the row unmounts). */
function RemoveDomain({ domain, action }: { domain: string; action: (form: FormData) => void }) {
  const t = useTranslations('tenant.domains');
  const { confirming, setConfirming, confirmRef, openerRef } = useConfirmStep();
  if (!confirming)
    return (
      <Button ref={openerRef} type="button" variant="secondary" className="px-3 py-1.5" onClick={() => setConfirming(true)}>
        {t.rich('remove', { domain, sr: (chunks) => <span className="sr-only">{chunks}</span> })}
      </Button>
    );
  const textId = `remove-${domain.replace(/[^a-z0-9-]/g, '-')}`;
  return (
    <form
      action={action}
      role="group"
      aria-labelledby={textId}
      className="mt-2 w-full space-y-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm"
    >
      <p id={textId} className="break-all text-red-900">
        {t('removeBody', { domain })}
      </p>
      <input type="hidden" name="domain" value={domain} />
      <div className="flex flex-wrap gap-2">
        <Button ref={confirmRef} type="submit" variant="danger" className="px-3 py-1.5" pendingLabel={t('removing')}>
          {t('removeYes')}
        </Button>
        <Button type="button" variant="secondary" className="px-3 py-1.5" onClick={() => setConfirming(false)}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}

/** The organisation's domains; custom ones start pending until their TXT record is verified. */
export function CustomDomains({ domains }: { domains: CustomDomainItem[] }) {
  const t = useTranslations('tenant.domains');
  const [addState, action] = useActionState(addCustomDomainAction, initialFormState);
  const [verifyState, verifyAction] = useActionState(verifyCustomDomainAction, initialFormState);
  const [removeState, removeAction] = useActionState(removeCustomDomainAction, initialFormState);
  // One message at a time: only the latest answer shows, so "added, pending verification" does not
  // linger in green after Verify (issue 24, item 22). (State adjusted during render on a new answer.)
  const [seen, setSeen] = useState({ addState, verifyState, removeState, latest: null as 'add' | 'verify' | 'remove' | null });
  if (seen.addState !== addState) setSeen({ ...seen, addState, latest: 'add' });
  else if (seen.verifyState !== verifyState) setSeen({ ...seen, verifyState, latest: 'verify' });
  else if (seen.removeState !== removeState) setSeen({ ...seen, removeState, latest: 'remove' });
  const state = seen.latest === 'add' ? addState : initialFormState;
  // Verify and Remove answer above the list (a verified domain's box is gone); a failed Verify in its box.
  const top = seen.latest === 'remove' ? removeState : seen.latest === 'verify' && verifyState.ok ? verifyState : null;
  const verifyFailed = seen.latest === 'verify' && !verifyState.ok ? verifyState : null;
  return (
    <div className="space-y-6">
      <FormError message={top?.error} />
      {top?.message ? <Alert tone="success">{top.message}</Alert> : null}
      <ul className="divide-y divide-slate-200" aria-label={t('listLabel')}>
        {domains.map((d) => (
          <li key={d.domain} className="py-3" data-domain={d.domain}>
            <div className="flex flex-wrap items-center gap-2">
              {d.unicode ? (
                <span className="break-all text-sm text-slate-900" data-testid="domain-unicode">
                  {d.unicode}
                </span>
              ) : null}
              <span className="break-all font-mono text-sm text-slate-900">{d.unicode ? `(${d.domain})` : d.domain}</span>
              {d.isPrimary ? <Badge tone="success">{t('primary')}</Badge> : null}
              {d.record ? <Badge tone="warning">{t('pending')}</Badge> : <Badge tone="neutral">{t('verified')}</Badge>}
              {d.removable ? <RemoveDomain domain={d.domain} action={removeAction} /> : null}
            </div>
            {d.record ? (
              <PendingDomain
                d={{ ...d, record: d.record }}
                state={verifyFailed?.values?.domain === d.domain ? verifyFailed : null}
                action={verifyAction}
              />
            ) : null}
          </li>
        ))}
      </ul>
      <form action={action} className="space-y-3 border-t border-slate-200 pt-4" noValidate aria-label={t('addLabel')}>
        <FormError message={bannerError(state)} />
        {state.message ? <Alert tone="success">{state.message}</Alert> : null}
        <Field
          name="domain"
          label={t('field')}
          defaultValue={state.error ? state.values?.domain : ''}
          error={state.fieldErrors?.domain}
          autoComplete="off"
          spellCheck={false}
          hint={t('hint')}
        />
        <Button type="submit" pendingLabel={t('adding')}>
          {t('add')}
        </Button>
      </form>
    </div>
  );
}
