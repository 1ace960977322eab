import type { Metadata } from 'next';
import { PublicShell } from '@/components/auth/PublicShell';
import { connection } from 'next/server';
import { getTranslations } from 'next-intl/server';
import { Card, LinkButton } from '@/components/ui';
import { rootDomain } from '@/lib/tenancy/routing';

export async function generateMetadata(): Promise<Metadata> {
  return { title: { absolute: (await getTranslations('signup.home'))('title') } };
}

const features = ['space', 'polls', 'people'] as const;

const linkClass = 'font-semibold text-indigo-800 underline underline-offset-4';

export default async function LandingPage() {
  await connection(); // the example address is this installation's (ROOT_DOMAIN at request time)
  const t = await getTranslations('signup.home');
  return (
    <PublicShell>
      <section className="py-8 text-center sm:py-14">
        <h1 className="text-4xl font-extrabold tracking-tight text-slate-900 sm:text-5xl">{t('heading')}</h1>
        <p className="mx-auto mt-4 max-w-2xl text-lg text-slate-700">{t('intro')}</p>
        <div className="mt-8 flex flex-wrap justify-center gap-3">
          <LinkButton href="/signup">{t('signUp')}</LinkButton>
          <LinkButton href="/find-organisation" variant="secondary" aria-describedby="member-login-note">
            {t('memberLogIn')}
          </LinkButton>
        </div>
        <p className="mt-4 text-sm text-slate-600">{t('free')}</p>
        <p id="member-login-note" className="mt-1 text-sm text-slate-600">
          {t('memberNote')}
        </p>
      </section>
      <section aria-labelledby="features" className="mt-6">
        <h2 id="features" className="sr-only">
          {t('featuresHeading')}
        </h2>
        <ul className="grid gap-4 sm:grid-cols-3">
          {features.map((f) => (
            <li key={f}>
              <Card as="article" title={t(`features.${f}.title`)} level={3} className="h-full">
                <p className="text-sm text-slate-700">{t(`features.${f}.text`)}</p>
              </Card>
            </li>
          ))}
        </ul>
      </section>
      {/* Two logins, told apart: members log in at their organisation's address, operators here. */}
      <section id="members" aria-labelledby="members-title" className="mt-10 text-center text-sm text-slate-700">
        <h2 id="members-title" className="text-base font-semibold text-slate-900">
          {t('membersHeading')}
        </h2>
        <p className="mt-1">
          {t.rich('membersAddress', {
            root: rootDomain(),
            address: (chunks) => (
              <span className="font-mono [overflow-wrap:anywhere]" data-testid="example-address">
                {chunks}
              </span>
            ),
          })}
        </p>
        <p className="mt-2">
          {t.rich('membersForgotten', {
            link: (chunks) => (
              <a href="/find-organisation" className={linkClass}>
                {chunks}
              </a>
            ),
          })}
        </p>
        <p className="mt-4">
          {t.rich('operator', {
            link: (chunks) => (
              <a href="/login" className={linkClass}>
                {chunks}
              </a>
            ),
          })}
        </p>
      </section>
    </PublicShell>
  );
}
