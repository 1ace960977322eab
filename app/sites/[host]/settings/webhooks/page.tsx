import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { formatDateTimeIn } from '@/components/tenant/format';
import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { NewWebhookForm, ResendWebhookButton, WebhookEndpointButtons } from '@/components/tenant/Webhooks';
import { Badge, Card, DataTable, PageHeader } from '@/components/ui';
import { requireTenantUser } from '@/lib/features/auth/session';
import { listDeliveries, listEndpoints, type DeliveryView } from '@/lib/features/webhooks/endpoints';
import { withTenant } from '@/lib/tenancy';

export const generateMetadata = tenantPageMetadata(async () => (await getTranslations('settings.metadata'))('webhooks'));

const LOG_SIZE = 50;

type T = Awaited<ReturnType<typeof getTranslations<'settings.webhooks'>>>;

function deliveryStatus(t: T, d: DeliveryView): string {
  const error = d.last_error ?? t('noAnswer');
  if (d.delivered_at) return t('delivered', { status: String(d.last_status) });
  if (d.failed_at) return t('failed', { error });
  if (d.attempts === 0) return t('queued');
  return t('retrying', { error });
}

/** Issue 25, part 4: an organisation's signed webhooks (admins only). */
export default async function WebhooksPage() {
  const ctx = await requireTenantUser({ admin: true, next: '/settings/webhooks' });
  const [endpoints, deliveries] = await withTenant(
    ctx.tenant,
    async (db) => [await listEndpoints(db), await listDeliveries(db, LOG_SIZE)] as const,
  );
  const t = await getTranslations('settings.webhooks');
  const format = await getFormatter();
  const locale = await getLocale();
  // In UTC (the request's time zone), said so after the time.
  const utc = (d: Date | string) => t('utc', { date: formatDateTimeIn(locale, d) });
  return (
    <>
      <PageHeader title={t('title')} description={t('description', { name: ctx.tenant.name })} />
      <div className="space-y-6">
        <Card title={t('newEndpoint')}>
          {ctx.readOnly ? <p className="text-sm text-slate-800">{t('readOnly')}</p> : <NewWebhookForm />}
        </Card>
        <Card title={t('endpoints')}>
          {endpoints.length === 0 ? (
            <p className="text-sm text-slate-800">{t('noEndpoints')}</p>
          ) : (
            <DataTable
              caption={t('endpointsCaption')}
              label={t('endpoints')}
              testId="webhook-endpoints"
              stack
              rows={endpoints}
              rowKey={(e) => String(e.id)}
              columns={[
                { key: 'url', header: t('url'), rowHeader: true, wrap: true, cell: (e) => e.url },
                { key: 'events', header: t('events'), wrap: true, cell: (e) => e.events.join(', ') },
                {
                  key: 'state',
                  header: t('state'),
                  nowrap: true,
                  cell: (e) =>
                    e.enabled ? (
                      <Badge tone="success">{t('on')}</Badge>
                    ) : (
                      <Badge tone="danger">
                        {e.disabled_at ? t('offSince', { date: formatDateTimeIn(locale, e.disabled_at) }) : t('off')}
                      </Badge>
                    ),
                },
                { key: 'failures', header: t('failures'), nowrap: true, cell: (e) => format.number(e.consecutive_failures) },
                {
                  key: 'actions',
                  header: <span className="sr-only">{t('actions')}</span>,
                  cell: (e) => (ctx.readOnly ? null : <WebhookEndpointButtons id={e.id} url={e.url} enabled={e.enabled} />),
                },
              ]}
            />
          )}
        </Card>
        <Card title={t('log')}>
          {deliveries.length === 0 ? (
            <p className="text-sm text-slate-800">{t('noDeliveries')}</p>
          ) : (
            <DataTable
              caption={t('deliveriesCaption', { count: LOG_SIZE })}
              label={t('log')}
              testId="webhook-deliveries"
              stack
              rows={deliveries}
              rowKey={(d) => String(d.id)}
              columns={[
                { key: 'event', header: t('event'), rowHeader: true, nowrap: true, cell: (d) => d.event_type },
                { key: 'url', header: t('endpoint'), wrap: true, cell: (d) => d.url },
                { key: 'status', header: t('status'), wrap: true, cell: (d) => deliveryStatus(t, d) },
                { key: 'attempts', header: t('attempts'), nowrap: true, cell: (d) => format.number(d.attempts) },
                { key: 'time', header: t('time'), nowrap: true, cell: (d) => utc(d.created_at) },
                {
                  key: 'resend',
                  header: <span className="sr-only">{t('resend')}</span>,
                  cell: (d) => (ctx.readOnly ? null : <ResendWebhookButton id={d.id} event={d.event_type} />),
                },
              ]}
            />
          )}
        </Card>
      </div>
    </>
  );
}
