'use client';

import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui';

/** Unexpected failures while rendering an admin page (e.g. the database is away). */
export default function AdminError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('admin.error');
  return (
    <div className="mx-auto max-w-lg py-12 text-center" role="alert">
      <h1 className="text-2xl font-bold text-slate-900">{t('heading')}</h1>
      <p className="mt-3 text-slate-700">{t('body')}</p>
      <div className="mt-6">
        <Button type="button" variant="secondary" onClick={() => reset()}>
          {t('retry')}
        </Button>
      </div>
    </div>
  );
}
