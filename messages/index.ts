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
