// The two-factor page's actions (issue 23, part 1), built once for each side: a tenant's users on
// its host (/settings/security) and superusers on the root host (/admin/two-factor). Each side
// says who is asking, where its rows live (a tenant transaction or a direct one), how a change is
// audited and how the session is re-issued. Codes typed here count against the login limiter.
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { requestClientAddress } from '@/lib/infra/client-address';
import { directDb, pooledDb } from '@/lib/infra/db/pool';
import { UserError } from '@/lib/infra/errors';
import { recordAudit } from '@/lib/platform/audit';
import { withTenant } from '@/lib/tenancy';
import { formAction } from '@/lib/web/action';
import type { FormState } from '@/lib/web/form-state';
import type { SessionIdentity } from './next-auth';
import { loginAttempt, loginSucceeded } from './rate-limit';
import { requireSuperuser, requireTenantUser, SUPERUSER_TWO_FACTOR_PATH, TENANT_TWO_FACTOR_PATH } from './session';
import { startSession } from './start-session';
import { auditTenantAdmin } from './tenant-audit';
import {
  adminsMustUseTwoFactor,
  beginEnrolment,
  confirmEnrolment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  setAdminsMustUseTwoFactor,
  setSuperusersMustUseTwoFactor,
  superusersMustUseTwoFactor,
  twoFactorState,
  type Account,
} from './two-factor';

/** `on`: the policy form's setting after it was saved. */
export type TwoFactorFormState = FormState & { codes?: string[]; on?: boolean };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = any;

interface Side {
  name: string;
  path: string;
  /** Who asks; `twoFactorSetUp`: a session that must still set up two-factor may use this page. */
  session: () => Promise<{ identity: SessionIdentity; scope: string; tenant: { schema: string; id: number } | null }>;
  account: (identity: SessionIdentity) => Account;
  /** Runs `fn` in one transaction where the account's rows live. */
  tx: <T>(tenant: { schema: string; id: number } | null, fn: (db: Db) => Promise<T>) => Promise<T>;
  /** Whether this account may not turn two-factor off (the setting requires it). */
  required: (db: Db, identity: SessionIdentity) => Promise<boolean>;
  setPolicy: (db: Db, on: boolean) => Promise<void>;
  policyAction: string;
}

const IMPERSONATED = 'Two-factor is the user’s own: it cannot be changed while a superuser has opened this organisation as them.';

async function audit(identity: SessionIdentity, tenant: { schema: string; id: number } | null, action: string, detail = {}) {
  if (tenant) return auditTenantAdmin({ tenant, user: identity }, action, detail);
  await recordAudit(directDb(), {
    actor: identity.email,
    action,
    tenant: null,
    tenantId: null,
    detail,
    address: requestClientAddress(await headers()),
  });
}

/** A code typed on this page counts like a password attempt (the same counters as the login). */
async function limited(scope: string, identity: SessionIdentity): Promise<{ scope: string; email: string; address: string | null }> {
  const subject = { scope, email: identity.email, address: requestClientAddress(await headers()) };
  const wait = await loginAttempt(pooledDb(), subject);
  if (wait !== null) throw new UserError(`Too many attempts; try again in ${wait} seconds.`, 429);
  return subject;
}

const codeInput = z.object({
  code: z.string().trim().min(1, 'Enter the code from your authenticator app.').max(64, 'That code is too long.'),
});
const readCode = (form: FormData) => ({ input: { code: String(form.get('code') ?? '') } });
const policyInput = z.object({ on: z.enum(['on', 'off']).transform((v) => v === 'on') });

function actionsFor(side: Side) {
  const begin = formAction<Awaited<ReturnType<Side['session']>>, object, TwoFactorFormState>({
    name: `${side.name}.begin`,
    read: () => ({ input: {} }),
    session: side.session,
    schema: z.object({}),
    run: async (ctx) => {
      await side.tx(ctx.tenant, (db) => beginEnrolment(db, side.account(ctx.identity)));
      redirect(side.path);
    },
  });

  type Ctx = Awaited<ReturnType<Side['session']>>;
  /** An action confirmed with a code typed on this page: limited like a login, then `work` in the account's transaction. */
  const withCode = <T>(
    name: string,
    work: (db: Db, ctx: Ctx, code: string) => Promise<T>,
    done: (ctx: Ctx, result: T) => Promise<TwoFactorFormState>,
  ) =>
    formAction<Ctx, { code: string }, TwoFactorFormState>({
      name: `${side.name}.${name}`,
      read: readCode,
      session: side.session,
      schema: codeInput,
      run: async (ctx, { code }) => {
        const subject = await limited(ctx.scope, ctx.identity);
        const result = await side.tx(ctx.tenant, (db) => work(db, ctx, code));
        await loginSucceeded(pooledDb(), subject);
        return done(ctx, result);
      },
    });

  const confirm = withCode(
    'confirm',
    (db, ctx, code) => confirmEnrolment(db, side.account(ctx.identity), code),
    async (ctx, codes) => {
      await audit(ctx.identity, ctx.tenant, 'two_factor.enable', { account: ctx.identity.email });
      // This session has now shown a code: it is a two-factor session from here on.
      await startSession({ ...ctx.identity, twoFactor: true });
      return { ok: true, message: 'Two-factor is on.', codes };
    },
  );

  const disable = withCode(
    'disable',
    async (db, ctx, code) => {
      if (await side.required(db, ctx.identity))
        throw new UserError('Two-factor is required for your account here; it cannot be turned off.', 403);
      await disableTwoFactor(db, side.account(ctx.identity), code);
    },
    async (ctx) => {
      await audit(ctx.identity, ctx.tenant, 'two_factor.disable', { account: ctx.identity.email });
      await startSession({ ...ctx.identity, twoFactor: false });
      redirect(`${side.path}?off=1`);
    },
  );

  /** A new set of ten recovery codes, confirmed with a code from the app; the old set stops working at once. */
  const regenerate = withCode(
    'regenerate',
    (db, ctx, code) => regenerateRecoveryCodes(db, side.account(ctx.identity), code),
    async (ctx, codes) => {
      await audit(ctx.identity, ctx.tenant, 'two_factor.recovery_codes_regenerated', { account: ctx.identity.email });
      return { ok: true, message: 'New recovery codes made; the old ones no longer work.', codes };
    },
  );

  const policy = formAction<Awaited<ReturnType<Side['session']>>, { on: boolean }, TwoFactorFormState>({
    name: `${side.name}.policy`,
    read: (form) => ({ input: { on: String(form.get('on') ?? '') } }),
    session: side.session,
    schema: policyInput,
    run: async (ctx, { on }) => {
      if (ctx.tenant && ctx.identity.role !== 'admin') throw new UserError('Only an admin of this organisation can change this.', 403);
      // Else a session that must still set up two-factor could switch the requirement off.
      if (!ctx.identity.twoFactor)
        throw new UserError('Changing this needs a session signed in with two-factor: log in again with your code.', 403);
      await side.tx(ctx.tenant, async (db) => {
        if (on && !(await twoFactorState(db, side.account(ctx.identity))).enabled) {
          throw new UserError('Set up two-factor for your own account first.', 409);
        }
        await side.setPolicy(db, on);
      });
      await audit(ctx.identity, ctx.tenant, side.policyAction, { on });
      return { ok: true, on, message: on ? 'Two-factor is now required.' : 'Two-factor is no longer required.' };
    },
  });

  // The sentences in the request's language (the lib's English ones are the catalogue's keys).
  return {
    begin,
    confirm,
    disable,
    regenerate,
    policy,
  };
}

export const tenantTwoFactor = actionsFor({
  name: 'tenantTwoFactor',
  path: TENANT_TWO_FACTOR_PATH,
  session: async () => {
    const ctx = await requireTenantUser({ next: TENANT_TWO_FACTOR_PATH, twoFactorSetUp: true });
    if (ctx.user.impersonator) throw new UserError(IMPERSONATED, 403);
    return { identity: ctx.user, scope: ctx.tenant.schema, tenant: ctx.tenant };
  },
  account: (identity) => ({ kind: 'tenant', id: identity.uid }),
  tx: (tenant, fn) => withTenant(tenant!, fn),
  required: async (db, identity) => identity.role === 'admin' && (await adminsMustUseTwoFactor(db)),
  setPolicy: setAdminsMustUseTwoFactor,
  policyAction: 'tenant.two_factor_policy',
});

export const superuserTwoFactor = actionsFor({
  name: 'superuserTwoFactor',
  path: SUPERUSER_TWO_FACTOR_PATH,
  session: async () => ({
    identity: await requireSuperuser(SUPERUSER_TWO_FACTOR_PATH, { twoFactorSetUp: true }),
    scope: 'root',
    tenant: null,
  }),
  account: (identity) => ({ kind: 'superuser', id: identity.uid }),
  tx: (_tenant, fn) => directDb().transaction().execute(fn),
  required: (db) => superusersMustUseTwoFactor(db),
  setPolicy: setSuperusersMustUseTwoFactor,
  policyAction: 'operator.two_factor_policy',
});
