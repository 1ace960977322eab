import { useTranslations } from 'next-intl';
import { Alert } from '@/components/ui';

/** Shown on every page of an expired (read-only) tenant. */
export function ReadOnlyNotice({ paidUntil }: { paidUntil: string | null }) {
  const t = useTranslations('tenant.readOnly');
  return (
    <Alert tone="warning" title={t('title')} className="mb-6">
      {paidUntil ? t('bodyWithDate', { date: paidUntil }) : t('body')}
    </Alert>
  );
}
