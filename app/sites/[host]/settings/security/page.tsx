import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { TwoFactorPanel, TwoFactorPolicyForm } from '@/components/auth/TwoFactorPanel';
import { Alert, Card, PageHeader } from '@/components/ui';
import {
  beginTenantTwoFactorAction,
  confirmTenantTwoFactorAction,
  disableTenantTwoFactorAction,
  regenerateTenantRecoveryCodesAction,
  tenantTwoFactorPolicyAction,
} from '@/lib/features/auth/actions/two-factor';
import { requireTenantUser, TENANT_TWO_FACTOR_PATH } from '@/lib/features/auth/session';
import { tenantTwoFactorView } from '@/lib/features/auth/two-factor-page';

export const generateMetadata = tenantPageMetadata('Security');

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Issue 23: every user's two-factor; for admins, "admins of this organisation must use two-factor". */
export default async function SecurityPage({ searchParams }: { searchParams: Search }) {
  const ctx = await requireTenantUser({ next: TENANT_TWO_FACTOR_PATH, twoFactorSetUp: true });
  const sp = await searchParams;
  const v = await tenantTwoFactorView(ctx.tenant, ctx.user);
  return (
    <>
      <PageHeader title="Security" description={`Two-factor sign-in for ${ctx.user.email} at ${ctx.tenant.name}.`} />
      <div className="space-y-6">
        {sp.required && !v.enabled ? (
          <Alert tone="warning" title="Two-factor is required">
            Admins of {ctx.tenant.name} must use two-factor. Set it up to continue.
          </Alert>
        ) : null}
        {sp.off ? <Alert tone="success">Two-factor is off.</Alert> : null}
        <Card title="Two-factor sign-in">
          {ctx.user.impersonator ? (
            <p className="text-sm text-slate-800">Two-factor is the user’s own: it cannot be changed in a session opened by a superuser.</p>
          ) : (
            <TwoFactorPanel
              enabled={v.enabled}
              pending={v.pending}
              recoveryCodesLeft={v.recoveryCodesLeft}
              actions={{
                begin: beginTenantTwoFactorAction,
                confirm: confirmTenantTwoFactorAction,
                disable: disableTenantTwoFactorAction,
                regenerate: regenerateTenantRecoveryCodesAction,
              }}
            />
          )}
        </Card>
        <Card title="API tokens">
          <p className="text-sm text-slate-800">
            Scripts use the JSON API with a personal token, which works with two-factor on.{' '}
            <a className="underline" href="/settings/tokens">
              Manage your API tokens
            </a>
            .
          </p>
        </Card>
        {ctx.user.role === 'admin' ? (
          <Card title="For the whole organisation">
            <TwoFactorPolicyForm
              label="Admins of this organisation must use two-factor"
              on={v.policy}
              action={tenantTwoFactorPolicyAction}
            />
            <p className="mt-4 text-sm text-slate-800">
              Members can sign in with your identity provider (Okta, Entra ID, Google Workspace…):{' '}
              <a className="underline" href="/settings/sso">
                set up single sign-on
              </a>
              .
            </p>
          </Card>
        ) : null}
      </div>
    </>
  );
}
