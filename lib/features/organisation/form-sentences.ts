// The sentences a tenant admin's forms (users, invitations, domains, settings, webhooks) get back
// from lib code, in the reader's language. lib code throws English sentences because the JSON API
// and the CLI show them as they are (lib/api stays English); the server actions of these forms pass
// their answer through `localised`, which finds a known sentence here and says it from the
// catalogue instead (named groups become the message's values). Unknown sentences stay as they are.
import { getLocale, getTranslations } from 'next-intl/server';
import { DEFAULT_LOCALE } from '@/lib/config/locale';
import type { FormState } from '@/lib/web/form-state';

type Rule = readonly [pattern: string | RegExp, key: string];

const RULES: readonly Rule[] = [
  // Users and invitations (lib/features/users, lib/features/auth/users).
  [/^(?<email>.+) is already a user of this organisation\.$/, 'tenant.errors.alreadyUser'],
  [/^A user with email (?<email>.+) already exists\.$/, 'tenant.errors.userExists'],
  ['That invitation was already accepted or withdrawn.', 'tenant.errors.invitationGone'],
  ['An organisation needs at least one admin: make someone else an admin first.', 'tenant.errors.lastAdmin'],
  ['That user no longer exists.', 'tenant.errors.userGone'],
  ['Name is at most 200 characters.', 'tenant.errors.nameTooLong'],
  ['Enter a valid email address.', 'tenant.errors.invalidEmail'],
  ['Email is too long.', 'tenant.errors.emailTooLong'],
  ['Password must be at least 8 characters.', 'tenant.errors.passwordTooShort'],
  ['Password is at most 200 characters.', 'tenant.errors.passwordTooLong'],
  // Who may act (lib/features/auth/actions/session) and the shared failure sentences (lib/web).
  [
    'This organisation’s subscription has expired, so it is read-only: nothing can be created or changed until it is renewed.',
    'tenant.errors.readOnly',
  ],
  ['Passwords cannot be changed while a superuser has opened this organisation as one of its users.', 'tenant.errors.impersonatedPassword'],
  ['Admin rights cannot be granted while a superuser has opened this organisation as one of its users.', 'tenant.errors.impersonatedAdmin'],
  [
    'Users cannot be added with a password while a superuser has opened this organisation as one of its users; send an invitation instead.',
    'tenant.errors.impersonatedNewUser',
  ],
  ['Please fix the highlighted field.', 'tenant.errors.fixOne'],
  [/^Please fix the (?<count>\d+) highlighted fields\.$/, 'tenant.errors.fixMany'],
  ['The database is not reachable right now. Please try again in a moment.', 'tenant.errors.databaseDown'],
  ['Something went wrong on our side. Please try again.', 'tenant.errors.generic'],
  // Domains (the action's own schema, lib/platform/domain-input, lib/tenancy/host).
  ['Enter a domain, like polls.example.org.', 'tenant.actions.enterDomain'],
  ['Enter just the domain, like polls.example.org.', 'tenant.actions.enterJustDomain'],
  [/^That domain is (?<length>\d+) characters long; a domain can have at most 253\.$/, 'tenant.errors.domainTooLong'],
  [
    /^Each part of a domain between dots can have at most 63 characters; '(?<part>.*)…' has (?<length>\d+)\.$/,
    'tenant.errors.domainLabelTooLong',
  ],
  ['Domain may not be an IP address.', 'tenant.errors.domainIp'],
  // Settings (the action's own schema).
  ['Enter your organisation’s name.', 'settings.form.nameRequired'],
  ['The name is at most 200 characters.', 'settings.form.nameTooLong'],
  ['Choose who may read your polls through the API.', 'settings.form.publicReads'],
  // Webhooks (lib/features/webhooks/endpoints).
  ['That webhook endpoint no longer exists.', 'settings.webhooks.errors.endpointGone'],
  ['That delivery no longer exists.', 'settings.webhooks.errors.deliveryGone'],
  ['Enter the URL that receives the events.', 'settings.webhooks.errors.urlRequired'],
  ['The URL is at most 2000 characters.', 'settings.webhooks.errors.urlTooLong'],
  ['Enter a full URL, like https://example.com/hooks/quorum.', 'settings.webhooks.errors.urlInvalid'],
  ['The URL must start with https://.', 'settings.webhooks.errors.urlHttps'],
  ['Leave the user name and password out of the URL.', 'settings.webhooks.errors.urlCredentials'],
  ['The URL needs a host name.', 'settings.webhooks.errors.urlHost'],
  ['Choose at least one event.', 'settings.webhooks.errors.eventsRequired'],
  [/^An organisation has at most (?<max>\d+) webhook endpoints\.$/, 'settings.webhooks.errors.tooMany'],
  ['That endpoint is switched off: switch it on before resending.', 'settings.webhooks.errors.switchedOff'],
];

type Translate = (key: string, values?: Record<string, string | number>) => string;

/** The catalogue's form of a known English sentence; the sentence itself otherwise. */
export function translateSentence(t: Translate, sentence: string): string {
  for (const [pattern, key] of RULES) {
    if (typeof pattern === 'string') {
      if (pattern === sentence) return t(key);
      continue;
    }
    const m = pattern.exec(sentence);
    if (!m) continue;
    const values: Record<string, string | number> = {};
    for (const [name, v] of Object.entries(m.groups ?? {})) values[name] = /^\d+$/.test(v) ? Number(v) : v;
    return t(key, values);
  }
  return sentence;
}

/** A form state with its sentences (error, field errors, message) in the request's language. */
export async function localiseState<S extends FormState>(state: S): Promise<S> {
  if (!state || (!state.error && !state.fieldErrors && !state.message)) return state;
  if ((await getLocale()) === DEFAULT_LOCALE) return state; // the sentences are English already
  const t = (await getTranslations()) as unknown as Translate;
  const say = (s: string) => translateSentence(t, s);
  const out: S = { ...state };
  if (state.error !== undefined) out.error = say(state.error);
  if (state.message !== undefined) out.message = say(state.message);
  if (state.fieldErrors) out.fieldErrors = Object.fromEntries(Object.entries(state.fieldErrors).map(([k, v]) => [k, say(v)]));
  return out;
}

/** A server action whose answer is said in the request's language (see localiseState). */
export function localised<P, S extends FormState>(action: (prev: P, form: FormData) => Promise<S>) {
  return async (prev: P, form: FormData): Promise<S> => localiseState(await action(prev, form));
}
