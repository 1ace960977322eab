import { useTranslations } from 'next-intl';
import { Badge, type NavLink } from '@/components/ui';
import type { SessionIdentity } from '@/lib/features/auth/next-auth';
import { LogoutButton } from '@/components/auth/LogoutButton';
import { TenantNavBar } from './TenantNavBar';

export interface TenantNavProps {
  tenantName: string;
  user: SessionIdentity | null;
  readOnly: boolean;
  /** The organisation's logo (a versioned URL), shown beside its name. */
  logoUrl?: string | null;
}

/** Tenant chrome: organisation name, links for the signed-in user, email and log out. */
export function TenantNav({ tenantName, user, readOnly, logoUrl = null }: TenantNavProps) {
  const t = useTranslations('tenant');
  const links: NavLink[] = [];
  if (user) {
    links.push({ href: '/', label: t('nav.polls') });
    if (!readOnly) links.push({ href: '/polls/new', label: t('nav.newPoll') });
    if (user.role === 'admin') links.push({ href: '/users', label: t('nav.users') });
    if (user.role === 'admin') links.push({ href: '/domains', label: t('nav.domains') });
    if (user.role === 'admin') links.push({ href: '/settings', label: t('nav.settings') });
    if (user.role === 'admin') links.push({ href: '/audit', label: t('nav.audit') });
    links.push({ href: '/settings/security', label: t('nav.security') });
  }
  return (
    <TenantNavBar
      brand={
        logoUrl ? (
          <span className="flex min-w-0 items-center gap-2">
            {/* eslint-disable-next-line @next/next/no-img-element -- a tenant's own upload, served with its own caching */}
            <img src={logoUrl} alt="" className="h-8 w-auto max-w-[8rem] object-contain" data-testid="tenant-logo" />
            {tenantName}
          </span>
        ) : (
          tenantName
        )
      }
      links={links}
      right={
        user ? (
          <>
            <span className="flex items-center gap-2 text-slate-800">
              <span className="sr-only">{t('nav.signedInAs')}</span>
              <span className="max-w-[16rem] truncate" data-testid="nav-email">
                {user.email}
              </span>
              <Badge tone={user.role === 'admin' ? 'info' : 'neutral'}>{t(`roles.${user.role}`)}</Badge>
            </span>
            {/* While impersonating, the banner's Stop ends the session (and records that it ended). */}
            {user.impersonator ? null : <LogoutButton />}
          </>
        ) : null
      }
    />
  );
}
