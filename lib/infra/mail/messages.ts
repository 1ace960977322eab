import { createTranslator } from 'next-intl';
import { DEFAULT_LOCALE, type Locale } from '@/lib/config/locale';
import { MESSAGES } from '@/messages';
import type { Mail } from './mailer';

// Plain-text messages: short, saying who sent them, what the link does and how long it works.
// In the recipient's language (issue 25, part 3): the words are in messages/<locale>/email.json;
// the caller picks the language (the user's choice, else the organisation's default).

function emailText(locale: Locale) {
  return createTranslator({ locale, messages: MESSAGES[locale], namespace: 'email', timeZone: 'UTC' });
}

/**
 * Numbers as they are (no grouping): a count goes into a sentence as the English text always had
 * it; ICU would write 1000 as "1,000" (en) or "1.000" (de).
 */
const plain = (n: number) => String(n);

export function invitationMail(to: string, org: string, link: string, days: number, locale: Locale = DEFAULT_LOCALE): Mail {
  const t = emailText(locale);
  return {
    to,
    subject: t('invitation.subject', { org }),
    text: [t('invitation.intro', { org }), '', t('invitation.join', { days: plain(days) }), link, '', t('invitation.ignore')].join('\n'),
  };
}

export function passwordResetMail(to: string, org: string, link: string, minutes: number, locale: Locale = DEFAULT_LOCALE): Mail {
  const t = emailText(locale);
  return {
    to,
    subject: t('passwordReset.subject', { org }),
    text: [
      t('passwordReset.intro', { org }),
      '',
      t('passwordReset.choose', { minutes: plain(minutes) }),
      link,
      '',
      t('passwordReset.ignore'),
    ].join('\n'),
  };
}

/** "Find your organisation": where this address can log in (sent only when there is at least one). */
export function organisationsMail(to: string, orgs: { name: string; link: string }[], locale: Locale = DEFAULT_LOCALE): Mail {
  const t = emailText(locale);
  const count = orgs.length;
  return {
    to,
    subject: t('organisations.subject', { count }),
    text: [
      t('organisations.intro'),
      '',
      t('organisations.accounts', { count }),
      ...orgs.map((o) => `- ${o.name}: ${o.link}`),
      '',
      t('organisations.ignore'),
    ].join('\n'),
  };
}

/** A webhook endpoint was switched off after failed deliveries (issue 25): to each admin. */
export function webhookDisabledMail(
  to: string,
  org: string,
  url: string,
  failures: number,
  link: string | null,
  locale: Locale = DEFAULT_LOCALE,
): Mail {
  const t = emailText(locale);
  return {
    to,
    subject: t('webhookDisabled.subject', { org }),
    text: [
      t('webhookDisabled.intro', { org }),
      url,
      '',
      t('webhookDisabled.failures', { failures: plain(failures) }),
      link ? t('webhookDisabled.link', { link }) : t('webhookDisabled.noLink'),
    ].join('\n'),
  };
}
