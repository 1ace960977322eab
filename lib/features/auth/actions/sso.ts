'use server';

// Single sign-on settings (issue 23, part 3) on /settings/sso, for the organisation's admins:
// save the provider (the secret sealed, blank keeps the stored one) or test its discovery.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireTenantUser } from '@/lib/features/auth/session';
import { saveSso, secretFor, ssoInput, testDiscovery, type SsoInput } from '@/lib/features/auth/sso';
import { auditTenantAdmin } from '@/lib/features/auth/tenant-audit';
import { withTenant } from '@/lib/tenancy';
import { getTranslations } from 'next-intl/server';
import { formAction } from '@/lib/web/action';
import { textValue } from '@/lib/web/form-state';

const PATH = '/settings/sso';

const admin = () => requireTenantUser({ admin: true, next: PATH });

function read(form: FormData) {
  const values = {
    displayName: textValue(form, 'displayName'),
    issuer: textValue(form, 'issuer'),
    clientId: textValue(form, 'clientId'),
    enabled: form.get('enabled') === 'on' ? 'on' : '',
    createMembers: form.get('createMembers') === 'on' ? 'on' : '',
    requireSso: form.get('requireSso') === 'on' ? 'on' : '',
  };
  // The secret is read, never echoed back.
  const input = {
    ...values,
    clientSecret: String(form.get('clientSecret') ?? ''),
    intent: form.get('intent') === 'test' ? 'test' : 'save',
    enabled: values.enabled === 'on',
    createMembers: values.createMembers === 'on',
    requireSso: values.requireSso === 'on',
  };
  return { values, input };
}

/** One form, two buttons: "Test" (intent=test) checks the discovery, "Save" stores the settings. */
export const ssoSettingsAction = formAction<Awaited<ReturnType<typeof admin>>, SsoInput & { intent: 'save' | 'test' }>({
  name: 'ssoSettings',
  read,
  session: admin,
  schema: ssoInput.extend({ intent: z.enum(['save', 'test']) }),
  run: async (ctx, { intent, ...input }, values) => {
    if (intent === 'test') {
      const clientSecret = await withTenant(ctx.tenant, (db) => secretFor(db, input.clientSecret));
      return { ok: true, message: await testDiscovery({ issuer: input.issuer, clientId: input.clientId, clientSecret }), values };
    }
    await withTenant(ctx.tenant, (db) => saveSso(db, input));
    await auditTenantAdmin(ctx, 'sso.settings', {
      displayName: input.displayName,
      issuer: input.issuer,
      clientId: input.clientId,
      secretChanged: !!input.clientSecret,
      enabled: input.enabled,
      createMembers: input.createMembers,
      requireSso: input.enabled && input.requireSso,
    });
    revalidatePath(PATH);
    const t = await getTranslations('auth.sso');
    return {
      ok: true,
      message: input.enabled ? t('savedOn', { name: input.displayName }) : t('savedOff'),
      values,
    };
  },
});
