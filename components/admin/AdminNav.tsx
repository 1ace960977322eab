'use client';

import { usePathname } from 'next/navigation';
import { Badge, Nav, type NavLink } from '@/components/ui';
import { LogoutButton } from '@/components/auth/LogoutButton';

const links: NavLink[] = [
  { href: '/admin', label: 'Tenants' },
  { href: '/admin/tenants/new', label: 'New tenant' },
  { href: '/admin/migrations', label: 'Migrations' },
  { href: '/admin/pool', label: 'Pool' },
  { href: '/admin/audit', label: 'Audit log' },
];

/** The link of the section a path belongs to (a tenant's detail page is under "Tenants"). */
function section(pathname: string): string | undefined {
  if (pathname === '/admin/tenants/new') return '/admin/tenants/new';
  if (pathname === '/admin' || pathname.startsWith('/admin/tenants/')) return '/admin';
  return links.find((l) => l.href !== '/admin' && (pathname === l.href || pathname.startsWith(`${l.href}/`)))?.href;
}

/** Superuser chrome: sections, the operator's email, sign out. Wraps on narrow screens. */
export function AdminNav({ email }: { email: string }) {
  const pathname = usePathname() ?? '/admin';
  return (
    <Nav
      label="Administration"
      brand={{ href: '/admin', label: 'Quorum admin' }}
      links={links}
      current={section(pathname)}
      right={
        <>
          <span className="flex items-center gap-2 text-slate-800">
            <span className="sr-only">Signed in as</span>
            <span className="max-w-[16rem] truncate" data-testid="admin-email">
              {email}
            </span>
            <Badge tone="info">superuser</Badge>
          </span>
          <LogoutButton label="Sign out" pendingLabel="Signing out…" />
        </>
      }
    />
  );
}
