import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { NewPersonalTokenForm, RevokeTokenButton } from '@/components/auth/PersonalTokens';
import { Card, PageHeader } from '@/components/ui';
import { listPersonalTokens } from '@/lib/features/auth/personal-tokens';
import { requireTenantUser } from '@/lib/features/auth/session';
import { withTenant } from '@/lib/tenancy';

export const generateMetadata = tenantPageMetadata('API tokens');

const when = (d: Date | null, none: string) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : none);

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
            <table className="w-full text-left text-sm" data-testid="token-list">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Created</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="sr-only">Revoke</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id}>
                    <td>{t.name}</td>
                    <td>{when(t.created_at, '')}</td>
                    <td>{when(t.expires_at, 'never')}</td>
                    <td>{when(t.last_used_at, 'never')}</td>
                    <td>{ctx.user.impersonator ? null : <RevokeTokenButton id={t.id} name={t.name} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </>
  );
}
