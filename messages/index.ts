// The message catalogues (issue 25, part 3): one JSON file per namespace and language, so parts of
// the UI can be translated side by side. `en` is the source: its shape is the type every call of
// t() is checked against (global.d.ts), and the i18n unit tests hold `de` to the same keys.
import type { Locale } from '@/lib/config/locale';
import en_common from './en/common.json';
import en_ui from './en/ui.json';
import en_auth from './en/auth.json';
import en_signup from './en/signup.json';
import en_tenant from './en/tenant.json';
import en_settings from './en/settings.json';
import en_polls from './en/polls.json';
import en_admin from './en/admin.json';
import en_audit from './en/audit.json';
import en_email from './en/email.json';
import de_common from './de/common.json';
import de_ui from './de/ui.json';
import de_auth from './de/auth.json';
import de_signup from './de/signup.json';
import de_tenant from './de/tenant.json';
import de_settings from './de/settings.json';
import de_polls from './de/polls.json';
import de_admin from './de/admin.json';
import de_audit from './de/audit.json';
import de_email from './de/email.json';

const en = {
  common: en_common,
  ui: en_ui,
  auth: en_auth,
  signup: en_signup,
  tenant: en_tenant,
  settings: en_settings,
  polls: en_polls,
  admin: en_admin,
  audit: en_audit,
  email: en_email,
};
const de = {
  common: de_common,
  ui: de_ui,
  auth: de_auth,
  signup: de_signup,
  tenant: de_tenant,
  settings: de_settings,
  polls: de_polls,
  admin: de_admin,
  audit: de_audit,
  email: de_email,
};

export type Messages = typeof en;
export const MESSAGES: Record<Locale, Messages> = { en, de };

/** Where a page is served: an organisation's host, or the root host (sign-up, the superuser area). */
export type ClientArea = 'tenant' | 'root';

/**
 * The namespaces the browser's components (`'use client'` files calling useTranslations) can ask
 * for, per area. Every page's RSC payload carries the messages its NextIntlClientProvider is given
 * (app/layout.tsx), so it is given these and not the whole catalogue: the superuser area's messages
 * never travel with an organisation's pages, the organisation's never with the root host's, and
 * the emails' and the audit log's (rendered on the server only) with neither. test/lint/
 * i18n-client-namespaces.test.ts holds every client component to its area's list.
 */
export const CLIENT_NAMESPACES: Record<ClientArea, readonly (keyof Messages)[]> = {
  tenant: ['common', 'ui', 'auth', 'signup', 'tenant', 'settings', 'polls'],
  root: ['common', 'ui', 'auth', 'signup', 'admin'],
};

function pick(locale: Locale, area: ClientArea): Partial<Messages> {
  return Object.fromEntries(CLIENT_NAMESPACES[area].map((ns) => [ns, MESSAGES[locale][ns]]));
}
const CLIENT_MESSAGES = Object.fromEntries(
  (Object.keys(MESSAGES) as Locale[]).map((locale) => [locale, { tenant: pick(locale, 'tenant'), root: pick(locale, 'root') }]),
) as Record<Locale, Record<ClientArea, Partial<Messages>>>;

/** The part of a catalogue the client components of an area use (picked once, at load). */
export function clientMessages(locale: Locale, area: ClientArea): Partial<Messages> {
  return CLIENT_MESSAGES[locale][area];
}
