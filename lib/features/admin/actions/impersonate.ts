'use server';

import { getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { schemaName } from '@/lib/features/admin/inputs';
import { tenantAdminHref, tenantHref } from '@/lib/platform/links';
import { createImpersonationToken } from '@/lib/features/auth/impersonation';
import { requireSuperuser } from '@/lib/features/auth/session';
import { directDb } from '@/lib/infra/db/pool';
import { UserError } from '@/lib/infra/errors';
import { invalidInput, textValue } from '@/lib/web/form-state';
import { withTenant } from '@/lib/tenancy';
import { getTenantBySchema, listDomains } from '@/lib/platform';
import { emailSchema, findUserByEmail } from '@/lib/features/auth/users';
import { formAction } from '@/lib/web/action';
import { auditSuperuser } from './audit';

// "Open as" on the admin tenant page (issue 12, part 3): makes a single-use link for 15 minutes
// and sends the superuser's browser to it, on the tenant's own host. The session it starts is
// marked as impersonated (banner, Stop, refusals: lib/features/auth/actions/session.ts).

const openAsInput = z.object({ schema: schemaName, email: emailSchema });

export const openAsAction = formAction({
  name: 'openAs',
  read: (form) => {
    const values = { email: textValue(form, 'email') };
    return { values, input: { ...values, schema: textValue(form, 'schema') } };
  },
  session: (form) => requireSuperuser(tenantAdminHref(textValue(form, 'schema'))),
  schema: openAsInput,
  invalid: invalidInput,
  run: async (su, { schema, email }) => {
    const db = directDb();
    const tenant = await getTenantBySchema(db, schema);
    const t = await getTranslations('admin.messages');
    if (tenant.status === 'suspended') throw new UserError(t('suspendedOpenAs'), 409);
    const user = await withTenant({ schema, statementTimeoutMs: tenant.statement_timeout_ms }, (t) => findUserByEmail(t, email));
    if (!user) throw new UserError(t('noUser', { name: tenant.name, email }), 404, 'email');
    // Only a domain that answers: the primary one if verified, else any verified one.
    const domain = (await listDomains(db, tenant.id)).find((d) => d.verified)?.domain;
    if (!domain) throw new UserError(t('noVerifiedDomain'), 409);
    const token = await createImpersonationToken(db, { tenantId: tenant.id, userId: user.id, superuser: { id: su.uid, email: su.email } });
    await auditSuperuser(su, 'impersonation.link', schema, { user: user.email, userId: user.id, domain }, tenant.id);
    const proto = (await headers()).get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https' ? 'https' : 'http';
    redirect(`${proto}:${tenantHref(domain, `/impersonate?token=${token}`)}`);
  },
});
