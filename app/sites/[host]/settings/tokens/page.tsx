import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { NewPersonalTokenForm, RevokeTokenButton } from '@/components/auth/PersonalTokens';
import { Card, DataTable, PageHeader } from '@/components/ui';
import { formatDateTimeUtc } from '@/lib/infra/format';
import { listPersonalTokens } from '@/lib/features/auth/personal-tokens';
import { requireTenantUser } from '@/lib/features/auth/session';
import { withTenant } from '@/lib/tenancy';

export const generateMetadata = tenantPageMetadata('API tokens');

/** Issue 23, part 2: every user's personal API tokens (for scripts; work with two-factor on). */
export default async function TokensPage() {
  const ctx = await requireTenantUser({ next: '/settings/tokens' });
  const tokens = await withTenant(ctx.tenant, (db) => listPersonalTokens(db, ctx.user.uid));
  return (
    <>
      <PageHeader
        title="API tokens"
        description={`Personal tokens for scripts that use the JSON API of ${ctx.tenant.name} as ${ctx.user.email}. Send one as Authorization: Bearer <token>.`}
      />
      <div className="space-y-6">
        <Card title="New token">
          {ctx.user.impersonator ? (
            <p className="text-sm text-slate-800">Tokens cannot be made in a session opened by a superuser.</p>
          ) : (
            <NewPersonalTokenForm />
          )}
        </Card>
        <Card title="Your tokens">
          {tokens.length === 0 ? (
            <p className="text-sm text-slate-800">No personal tokens yet.</p>
          ) : (
            <DataTable
              caption="Your personal API tokens"
              label="Your tokens"
              testId="token-list"
              stack
              rows={tokens}
              rowKey={(t) => String(t.id)}
              columns={[
                { key: 'name', header: 'Name', rowHeader: true, wrap: true, cell: (t) => t.name },
                { key: 'created', header: 'Created', nowrap: true, cell: (t) => formatDateTimeUtc(t.created_at) },
                {
                  key: 'expires',
                  header: 'Expires',
                  nowrap: true,
                  cell: (t) => (t.expires_at ? formatDateTimeUtc(t.expires_at) : 'never'),
                },
                {
                  key: 'used',
                  header: 'Last used',
                  nowrap: true,
                  cell: (t) => (t.last_used_at ? formatDateTimeUtc(t.last_used_at) : 'never'),
                },
                {
                  key: 'revoke',
                  header: <span className="sr-only">Revoke</span>,
                  cell: (t) => (ctx.user.impersonator ? null : <RevokeTokenButton id={t.id} name={t.name} />),
                },
              ]}
            />
          )}
        </Card>
      </div>
    </>
  );
}
