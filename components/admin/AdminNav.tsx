'use client';

import { useTranslations } from 'next-intl';
import { usePathname } from 'next/navigation';
import { Badge, Nav, type NavLink } from '@/components/ui';
import { LogoutButton } from '@/components/auth/LogoutButton';

const links = [
  { href: '/admin', key: 'tenants' },
  { href: '/admin/tenants/new', key: 'newTenant' },
  { href: '/admin/migrations', key: 'migrations' },
  { href: '/admin/pool', key: 'pool' },
  { href: '/admin/audit', key: 'audit' },
] as const;

/** The link of the section a path belongs to (a tenant's detail page is under "Tenants"). */
function section(pathname: string): string | undefined {
  if (pathname === '/admin/tenants/new') return '/admin/tenants/new';
  if (pathname === '/admin' || pathname.startsWith('/admin/tenants/')) return '/admin';
  return links.find((l) => l.href !== '/admin' && (pathname === l.href || pathname.startsWith(`${l.href}/`)))?.href;
}

/** Superuser chrome: sections, the operator's email, sign out. Wraps on narrow screens. */
export function AdminNav({ email }: { email: string }) {
  const pathname = usePathname() ?? '/admin';
  const t = useTranslations('admin.nav');
  const navLinks: NavLink[] = links.map((l) => ({ href: l.href, label: t(l.key) }));
  return (
    <Nav
      label={t('label')}
      brand={{ href: '/admin', label: t('brand') }}
      links={navLinks}
      current={section(pathname)}
      right={
        <>
          <span className="flex items-center gap-2 text-slate-800">
            <span className="sr-only">{t('signedInAs')}</span>
            <span className="max-w-[16rem] truncate" data-testid="admin-email">
              {email}
            </span>
            <Badge tone="info">{t('superuser')}</Badge>
          </span>
          <LogoutButton label={t('signOut')} pendingLabel={t('signingOut')} />
        </>
      }
    />
  );
}
