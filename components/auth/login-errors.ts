import type { useTranslations } from 'next-intl';
import en from '@/messages/en/auth.json';
import { sentenceMatcher } from '@/lib/web/sentence-match';

/** authorize()'s errors after a right password: the form asks for the two-factor code. */
export const TWO_FACTOR_CODE_ERRORS = ['TwoFactorRequired', 'TwoFactorWrong'];

type LoginT = ReturnType<typeof useTranslations<'auth.login'>>;

// The refusals authorize() and the single sign-on routes send in English (?error=<sentence>).
const refusal = sentenceMatcher(en.login.refusals);

/** "Too many login attempts; try again in about 15 minutes." → the wait (lib/infra/format's humanWait). */
function rateLimitWait(sentence: string): { unit: 'second' | 'minute' | 'hour'; count: number } | null {
  const m = /^Too many login attempts; try again in (?:(\d+) seconds?|about (a|an|\d+) (minute|hour)s?)\.$/.exec(sentence);
  if (!m) return null;
  if (m[1]) return { unit: 'second', count: Number(m[1]) };
  return { unit: m[3] as 'minute' | 'hour', count: m[2] === 'a' || m[2] === 'an' ? 1 : Number(m[2]) };
}

/** next-auth's error codes → sentences; sentences thrown by authorize() are translated when known, else pass through. */
export function loginErrorSentence(code: string | null | undefined, t: LoginT): string | null {
  if (!code) return null;
  switch (code) {
    case 'CredentialsSignin':
      return t('errors.credentials');
    case 'TwoFactorRequired':
      return t('errors.twoFactorRequired');
    case 'TwoFactorWrong':
      return t('errors.twoFactorWrong');
    case 'SessionRequired':
      return t('errors.sessionRequired');
    case 'Configuration':
    case 'Callback':
    case 'Default':
      return t('errors.ourSide');
    default: {
      // authorize() throws LoginError sentences (rate limit, suspended organisation, single sign-on).
      const known = refusal(code);
      if (known) return t(`refusals.${known.key}`);
      const wait = rateLimitWait(code);
      if (wait) return t('errors.rateLimited', wait);
      return /^[A-Z][^<>]{3,200}[.!?]$/.test(code) ? code : t('errors.failed');
    }
  }
}
