import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { FindOrganisationForm } from '@/components/auth/FindOrganisationForm';
import { PublicShell } from '@/components/auth/PublicShell';
import { Card } from '@/components/ui';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('signup.find'))('title') };
}

/** Root host: a member who does not know their organisation's address gets it by email. */
export default async function FindOrganisationPage() {
  const t = await getTranslations('signup.find');
  return (
    <PublicShell narrow>
      <h1 className="mb-2 text-2xl font-bold text-slate-900">{t('heading')}</h1>
      <p className="mb-6 text-sm text-slate-700">{t('intro')}</p>
      <Card>
        <FindOrganisationForm />
      </Card>
      <p className="mt-6 text-center text-sm text-slate-700">
        {t.rich('operator', {
          link: (chunks) => (
            <a href="/login" className="font-semibold text-indigo-800 underline underline-offset-4">
              {chunks}
            </a>
          ),
        })}
      </p>
    </PublicShell>
  );
}
