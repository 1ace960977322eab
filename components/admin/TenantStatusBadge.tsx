import { Badge } from '@/components/ui';
import { tenantBadge, type TenantStatusLike } from '@/lib/features/admin/tenant-status';

/** Suspended / Expired <date> / Trial until <date> / Paid until <date> / Active. */
export function TenantStatusBadge({ tenant }: { tenant: TenantStatusLike }) {
  const b = tenantBadge(tenant);
  return (
    <Badge tone={b.tone} className="whitespace-nowrap">
      <span data-status={b.kind}>{b.label}</span>
    </Badge>
  );
}
