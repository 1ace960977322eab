import { getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui';
import type { Locale } from '@/lib/config/locale';
import { DefaultLocaleForm } from './DefaultLocaleForm';

/** The settings page's "Default language" panel (the page itself checks that the user is an admin). */
export async function DefaultLocaleCard({ current, readOnly }: { current: Locale; readOnly: boolean }) {
  const t = await getTranslations('common.language');
  return (
    <Card title={t('defaultTitle')}>
      {readOnly ? <p className="text-sm text-slate-800">{t('defaultReadOnly')}</p> : <DefaultLocaleForm current={current} />}
    </Card>
  );
}
