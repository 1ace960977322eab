'use server';

import { headers } from 'next/headers';
import { getLocale, getTranslations } from 'next-intl/server';
import { textValue, type FormState } from '@/lib/web/form-state';
import { directDb, pooledDb } from '@/lib/infra/db/pool';
import { UserError } from '@/lib/infra/errors';
import { schemaOrDomainTaken } from '@/lib/platform';
import { rootHostname } from '@/lib/tenancy/host';
import { requestHost } from '@/lib/tenancy/request';
import { rootDomain } from '@/lib/tenancy/routing';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { setTenantDefaultLocale } from '@/lib/platform/tenant-locale';
import { localiseSentence } from '@/lib/web/sentences';
import { DEFAULT_LOCALE } from '@/lib/config/locale';
import { subdomainToSchema, validateSubdomain } from '@/lib/tenancy/schema-name';
import { formAction } from '@/lib/web/action';
import { withTenant } from '@/lib/tenancy';
import { findUserByEmail } from '@/lib/features/auth/users';
import { createSessionHandoff } from '@/lib/features/auth/session-handoff';
import { signupInput, trialEnd } from './signup-input';

export interface AvailabilityResult {
  subdomain: string;
  available: boolean;
  message: string;
}

async function onRootHost(): Promise<boolean> {
  return (await requestHost())?.kind === 'root';
}

async function taken(sub: string): Promise<boolean> {
  return schemaOrDomainTaken(pooledDb(), subdomainToSchema(sub), `${sub}.${rootHostname()}`);
}

/** Live check for the signup form (debounced on the client). Advisory only: signup re-checks atomically. */
export async function checkSubdomain(raw: unknown): Promise<AvailabilityResult> {
  const input = typeof raw === 'string' ? raw.slice(0, 100) : '';
  const t = await getTranslations('signup.actions');
  if (!(await onRootHost())) return { subdomain: input, available: false, message: t('rootOnly') };
  const v = validateSubdomain(input);
  if (!v.ok) return { subdomain: input, available: false, message: await localiseSentence(v.error) };
  try {
    if (await taken(v.subdomain)) return { subdomain: v.subdomain, available: false, message: t('taken', { subdomain: v.subdomain }) };
  } catch {
    return { subdomain: v.subdomain, available: false, message: t('checkFailed') };
  }
  return { subdomain: v.subdomain, available: true, message: t('available', { address: `${v.subdomain}.${rootDomain()}` }) };
}

const fieldNames: Record<string, string> = {
  schema: 'subdomain',
  domain: 'subdomain',
  'admin.email': 'email',
  'admin.password': 'password',
  name: 'name',
};

/** Creates the organisation (tenant, domain, schema, first admin) and opens it, signed in as that admin. */
export const signupAction = formAction({
  name: 'signup',
  read: (form) => {
    const values = {
      name: textValue(form, 'name'),
      subdomain: textValue(form, 'subdomain'),
      email: textValue(form, 'email'),
      publicReads: textValue(form, 'publicReads'),
    };
    return { values, input: { ...values, password: textValue(form, 'password') } };
  },
  // No session to check: signup is for visitors, but only on the root host.
  session: async () => {
    if (!(await onRootHost())) throw new UserError((await getTranslations('signup.actions'))('rootOnly'));
  },
  schema: signupInput,
  fieldNames,
  run: async (_none, { name, subdomain, email, password, publicReads }, values): Promise<FormState> => {
    const t = await getTranslations('signup.actions');
    let tenantId: number;
    const schema = subdomainToSchema(subdomain);
    try {
      ({ id: tenantId } = await provisionTenantWithAdmin(directDb(), {
        schema,
        name,
        domain: `${subdomain}.${rootHostname()}`,
        onTrial: true,
        publicReads,
        paidUntil: trialEnd(),
        admin: { email, password },
      }));
    } catch (err) {
      if (err instanceof UserError && err.status === 409 && (err.field === 'schema' || err.field === 'domain')) {
        // Taken long ago or a moment ago, the visitor's next step is the same: say it once, at the field.
        const taken = t('taken', { subdomain });
        return { error: taken, field: 'subdomain', fieldErrors: { subdomain: taken }, values };
      }
      throw err;
    }
    // An organisation signed up in German starts with German as its default language (its admin's
    // pages, its emails, its visitors); English is the column's default already.
    const locale = await getLocale();
    if (locale !== DEFAULT_LOCALE) await setTenantDefaultLocale(directDb(), schema, locale);
    const proto = (await headers()).get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https' ? 'https' : 'http';
    // Not redirect(): the new organisation is on another host, and the browser would first fetch
    // it from this page (CORS errors, a refused OPTIONS). The form opens it as a new page instead.
    // It opens signed in (issue 24, item 14): the session cookie belongs to the new host, so a
    // single-use, 2-minute handoff token carries it there (lib/features/auth/session-handoff.ts).
    const admin = await withTenant({ schema }, (db) => findUserByEmail(db, email));
    const origin = `${proto}://${subdomain}.${rootDomain()}`;
    if (!admin) {
      const location = `${origin}/login?email=${encodeURIComponent(email)}&welcome=1`;
      return { ok: true, message: t('readyLogin'), location };
    }
    const token = await createSessionHandoff(directDb(), { tenantId, userId: admin.id });
    return { ok: true, message: t('ready'), location: `${origin}/welcome?token=${token}` };
  },
});
