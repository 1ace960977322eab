import { getTranslations } from 'next-intl/server';
import { LinkButton } from '@/components/ui';

/** notFound() inside a known tenant (a poll that does not exist here). */
export default async function TenantNotFound() {
  const t = await getTranslations('tenant.notFound');
  return (
    <div className="mx-auto max-w-lg py-12 text-center">
      <h1 className="text-2xl font-bold text-slate-900">{t('heading')}</h1>
      <p className="mt-3 text-slate-700">{t('body')}</p>
      <div className="mt-6">
        <LinkButton href="/" variant="secondary">
          {t('back')}
        </LinkButton>
      </div>
    </div>
  );
}
