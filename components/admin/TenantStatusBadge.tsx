import { useLocale, useTranslations } from 'next-intl';
import { Badge } from '@/components/ui';
import { dayLabel, tenantBadge, type TenantStatusLike } from '@/lib/features/admin/tenant-status';

/** Suspended / Expired <date> / Trial until <date> / Paid until <date> / Active. */
export function TenantStatusBadge({ tenant }: { tenant: TenantStatusLike }) {
  const t = useTranslations('admin.badge');
  const locale = useLocale();
  const b = tenantBadge(tenant);
  return (
    <Badge tone={b.tone} className="whitespace-nowrap">
      <span data-status={b.kind}>{t(b.message, { date: b.date ? dayLabel(b.date, locale) : '' })}</span>
    </Badge>
  );
}
