import { useTranslations } from 'next-intl';
import { LinkButton } from '@/components/ui';

/** A tenant (or admin page) that does not exist; rendered inside the admin chrome. */
export default function AdminNotFound() {
  const t = useTranslations('admin.notFound');
  return (
    <div className="mx-auto max-w-lg py-12 text-center">
      <p className="text-sm font-semibold uppercase tracking-wide text-indigo-800">404</p>
      <h1 className="mt-2 text-2xl font-bold text-slate-900">{t('heading')}</h1>
      <p className="mt-3 text-slate-700">{t('body')}</p>
      <div className="mt-6">
        <LinkButton href="/admin" variant="secondary">
          {t('back')}
        </LinkButton>
      </div>
    </div>
  );
}
