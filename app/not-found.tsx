import type { Metadata } from 'next';
import { connection } from 'next/server';
import { getTranslations } from 'next-intl/server';
import { LinkButton, SkipLink } from '@/components/ui';
import { freeSubdomainForHost } from '@/lib/features/organisation/signup-offer';
import { requestHost, requestTenant } from '@/lib/tenancy/request';
import { rootDomain } from '@/lib/tenancy/routing';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('common.notFound'))('title') };
}

/** Unknown hosts and unknown pages. No tenant lookup here: it must render for any host. */
export default async function NotFound() {
  await connection(); // ROOT_DOMAIN is read per request, not baked in at build time
  // A host under our domain that no organisation uses yet: offer it (never for a known tenant's
  // missing page, and never when the lookup fails).
  const rh = await requestHost();
  const t = await getTranslations('common.notFound');
  const free = rh?.kind === 'tenant' && !(await requestTenant().catch(() => null)) ? await freeSubdomainForHost(rh.host) : null;
  return (
    <>
      <SkipLink />
      <main id="main" className="mx-auto flex min-h-[70vh] max-w-lg flex-col items-center justify-center px-4 text-center">
        <p className="text-sm font-semibold uppercase tracking-wide text-indigo-800">404</p>
        <h1 className="mt-2 text-3xl font-bold text-slate-900">{t('heading')}</h1>
        <p className="mt-3 text-slate-700">{t('body')}</p>
        {free ? (
          <p className="mt-3 text-slate-700" data-testid="name-free">
            {t.rich('free', {
              name: () => <span className="font-mono [overflow-wrap:anywhere]">{free}</span>,
              link: (chunks) => (
                <a
                  href={`//${rootDomain()}/signup?subdomain=${encodeURIComponent(free)}`}
                  className="font-semibold text-indigo-800 underline underline-offset-4 focus-visible:outline-3 focus-visible:outline-indigo-600"
                >
                  {chunks}
                </a>
              ),
            })}
          </p>
        ) : null}
        <div className="mt-6">
          <LinkButton href={`//${rootDomain()}/`} variant="secondary">
            {t('home')}
          </LinkButton>
        </div>
      </main>
    </>
  );
}
