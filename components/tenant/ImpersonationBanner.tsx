import { useTranslations } from 'next-intl';
import { buttonClass } from '@/components/ui/button-class';
import type { SessionIdentity } from '@/lib/features/auth/next-auth';

/**
 * On every tenant page while a superuser has opened the tenant as one of its users: who is
 * looking, as whom, and Stop (a plain form post: it ends the session and returns to the admin).
 */
export function ImpersonationBanner({ user }: { user: SessionIdentity }) {
  const t = useTranslations('tenant.impersonation');
  if (!user.impersonator) return null;
  return (
    <section aria-label={t('label')} className="border-b border-amber-400 bg-amber-100" data-testid="impersonation-banner">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-2 text-sm text-amber-950">
        <p>
          {t.rich('body', {
            impersonator: user.impersonator.email,
            user: user.email,
            strong: (chunks) => <strong>{chunks}</strong>,
          })}
        </p>
        <form method="post" action="/impersonate/stop">
          <button type="submit" className={buttonClass('secondary', 'py-1')}>
            {t('stop')}
          </button>
        </form>
      </div>
    </section>
  );
}
