'use client';

import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Nav, type NavLink } from '@/components/ui';
import { tenantSection } from './tenant-section';

/** The tenant's Nav with the current page marked (the layout is shared, so the path is read here). */
export function TenantNavBar({ brand, links, right }: { brand: ReactNode; links: NavLink[]; right?: ReactNode }) {
  const t = useTranslations('tenant.nav');
  const pathname = usePathname() ?? '/';
  return (
    <Nav
      label={t('label')}
      brand={{ href: '/', label: brand }}
      links={links}
      current={tenantSection(
        pathname,
        links.map((l) => l.href),
      )}
      right={right}
    />
  );
}
