'use client';

import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui';
import type { FormState } from '@/lib/web/form-state';
import { ActionMessage } from './ActionMessage';

/** The TXT record a pending custom domain needs, and the button that checks it. */
export function DomainChallengeBox({
  schema,
  domain,
  record,
  state,
  action,
}: {
  schema: string;
  domain: string;
  record: { name: string; value: string };
  state: FormState;
  action: (form: FormData) => void;
}) {
  const t = useTranslations('admin.domains');
  return (
    <div className="mt-3 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-950" data-testid="domain-challenge">
      <p>{t('challenge')}</p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 font-mono text-xs">
        <dt className="font-sans font-semibold">{t('recordName')}</dt>
        <dd className="break-all" data-testid="challenge-name">
          {record.name}
        </dd>
        <dt className="font-sans font-semibold">{t('recordType')}</dt>
        <dd>TXT</dd>
        <dt className="font-sans font-semibold">{t('recordValue')}</dt>
        <dd className="break-all" data-testid="challenge-value">
          {record.value}
        </dd>
      </dl>
      <form action={action} className="mt-3">
        <input type="hidden" name="schema" value={schema} />
        <input type="hidden" name="domain" value={domain} />
        <Button type="submit" variant="secondary" className="px-3 py-1.5" pendingLabel={t('checking')}>
          {t('verify')}
          <span className="sr-only"> {domain}</span>
        </Button>
      </form>
      <ActionMessage state={state} className="mt-2" />
    </div>
  );
}
