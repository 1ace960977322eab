'use client';

import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { Nav, type NavLink } from '@/components/ui';
import { tenantSection } from './tenant-section';

/** The tenant's Nav with the current page marked (the layout is shared, so the path is read here). */
export function TenantNavBar({ tenantName, links, right }: { tenantName: string; links: NavLink[]; right?: ReactNode }) {
  const pathname = usePathname() ?? '/';
  return (
    <Nav
      label="Organisation"
      brand={{ href: '/', label: tenantName }}
      links={links}
      current={tenantSection(
        pathname,
        links.map((l) => l.href),
      )}
      right={right}
    />
  );
}
