import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { NewWebhookForm, ResendWebhookButton, WebhookEndpointButtons } from '@/components/tenant/Webhooks';
import { Badge, Card, DataTable, PageHeader } from '@/components/ui';
import { formatDateTimeUtc } from '@/lib/infra/format';
import { requireTenantUser } from '@/lib/features/auth/session';
import { listDeliveries, listEndpoints, type DeliveryView } from '@/lib/features/webhooks/endpoints';
import { withTenant } from '@/lib/tenancy';

export const generateMetadata = tenantPageMetadata('Webhooks');

function deliveryStatus(d: DeliveryView): string {
  if (d.delivered_at) return `delivered (HTTP ${d.last_status})`;
  if (d.failed_at) return `failed: ${d.last_error ?? 'no answer'}`;
  if (d.attempts === 0) return 'queued';
  return `retrying: ${d.last_error ?? 'no answer'}`;
}

/** Issue 25, part 4: an organisation's signed webhooks (admins only). */
export default async function WebhooksPage() {
  const ctx = await requireTenantUser({ admin: true, next: '/settings/webhooks' });
  const [endpoints, deliveries] = await withTenant(
    ctx.tenant,
    async (db) => [await listEndpoints(db), await listDeliveries(db, 50)] as const,
  );
  return (
    <>
      <PageHeader
        title="Webhooks"
        description={`Endpoints that receive ${ctx.tenant.name}’s events as signed JSON (Standard Webhooks: verify the webhook-signature header with the endpoint’s secret).`}
      />
      <div className="space-y-6">
        <Card title="New endpoint">
          {ctx.readOnly ? (
            <p className="text-sm text-slate-800">Webhooks cannot be changed while the organisation is read-only.</p>
          ) : (
            <NewWebhookForm />
          )}
        </Card>
        <Card title="Endpoints">
          {endpoints.length === 0 ? (
            <p className="text-sm text-slate-800">No endpoints yet.</p>
          ) : (
            <DataTable
              caption="Webhook endpoints"
              label="Endpoints"
              testId="webhook-endpoints"
              stack
              rows={endpoints}
              rowKey={(e) => String(e.id)}
              columns={[
                { key: 'url', header: 'URL', rowHeader: true, wrap: true, cell: (e) => e.url },
                { key: 'events', header: 'Events', wrap: true, cell: (e) => e.events.join(', ') },
                {
                  key: 'state',
                  header: 'State',
                  nowrap: true,
                  cell: (e) =>
                    e.enabled ? (
                      <Badge tone="success">on</Badge>
                    ) : (
                      <Badge tone="danger">{e.disabled_at ? `off since ${formatDateTimeUtc(e.disabled_at)}` : 'off'}</Badge>
                    ),
                },
                { key: 'failures', header: 'Failed in a row', nowrap: true, cell: (e) => String(e.consecutive_failures) },
                {
                  key: 'actions',
                  header: <span className="sr-only">Actions</span>,
                  cell: (e) => (ctx.readOnly ? null : <WebhookEndpointButtons id={e.id} url={e.url} enabled={e.enabled} />),
                },
              ]}
            />
          )}
        </Card>
        <Card title="Delivery log">
          {deliveries.length === 0 ? (
            <p className="text-sm text-slate-800">No deliveries yet.</p>
          ) : (
            <DataTable
              caption="The latest 50 webhook deliveries"
              label="Delivery log"
              testId="webhook-deliveries"
              stack
              rows={deliveries}
              rowKey={(d) => String(d.id)}
              columns={[
                { key: 'event', header: 'Event', rowHeader: true, nowrap: true, cell: (d) => d.event_type },
                { key: 'url', header: 'Endpoint', wrap: true, cell: (d) => d.url },
                { key: 'status', header: 'Status', wrap: true, cell: (d) => deliveryStatus(d) },
                { key: 'attempts', header: 'Attempts', nowrap: true, cell: (d) => String(d.attempts) },
                { key: 'time', header: 'Time', nowrap: true, cell: (d) => formatDateTimeUtc(d.created_at) },
                {
                  key: 'resend',
                  header: <span className="sr-only">Resend</span>,
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
