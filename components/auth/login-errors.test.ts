import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { loginErrorSentence } from './login-errors';
import { tryAgainIn } from '@/lib/infra/format';
import de from '@/messages/de/auth.json';
import en from '@/messages/en/auth.json';
import { weakPasswordReason } from '@/lib/features/auth/password';
import { sentenceMatcher } from '@/lib/web/sentence-match';
import { SSO_REFUSED } from '@/lib/features/auth/sso-flow';
import { SSO_REQUIRED } from '@/lib/features/auth/sso';

// The auth UI translates the lib's English sentences by their text (issue 25, part 3): a sentence
// changed in the lib without the catalogue would silently stay English in German.

const sentences = sentenceMatcher(en.sentences);
const refusals = sentenceMatcher(en.login.refusals);

/** t for tests: the key and its values, so the call is visible. */
const fakeT = ((key: string, values?: Record<string, unknown>) => `${key}${values ? JSON.stringify(values) : ''}`) as never;

describe('auth sentences', () => {
  it('finds the lib’s sentences, placeholders handed back', () => {
    for (const p of ['password', 'aaaaaaaa', 'abcdefgh', 'qwertyuiop', 'Tr0ub4dor', 'jessica1']) {
      const why = weakPasswordReason(p);
      if (why) expect(sentences(why), why).not.toBeNull();
    }
    expect(sentences('You have 50 tokens; revoke one first.')).toEqual({ key: 'tokenLimit', values: { max: '50' } });
    expect(sentences('The discovery document of https://id.example.com is valid.')).toEqual({
      key: 'discoveryValid',
      values: { issuer: 'https://id.example.com' },
    });
    expect(sentences('Something else.')).toBeNull();
  });

  it('finds every login refusal and the rate-limit wait', () => {
    for (const s of [...Object.values(SSO_REFUSED), SSO_REQUIRED, 'This organisation is suspended.']) expect(refusals(s), s).not.toBeNull();
    expect(loginErrorSentence(SSO_REFUSED.unknown, fakeT)).toBe('refusals.ssoUnknown');
    for (const [seconds, want] of [
      [1, { unit: 'second', count: 1 }],
      [59, { unit: 'second', count: 59 }],
      [60, { unit: 'minute', count: 1 }],
      [900, { unit: 'minute', count: 15 }],
      [3600, { unit: 'hour', count: 1 }],
      [7200, { unit: 'hour', count: 2 }],
    ] as const) {
      expect(loginErrorSentence(`Too many login attempts; ${tryAgainIn(seconds)}.`, fakeT)).toBe(
        `errors.rateLimited${JSON.stringify(want)}`,
      );
    }
    expect(loginErrorSentence('CredentialsSignin', fakeT)).toBe('errors.credentials');
  });

  it('says the rate-limit sentence in English exactly as the lib does', () => {
    const t = createTranslator({ locale: 'en', messages: { auth: en }, namespace: 'auth.login' });
    for (const seconds of [1, 2, 59, 60, 89, 90, 900, 3599, 3600, 7200]) {
      const lib = `Too many login attempts; ${tryAgainIn(seconds)}.`;
      expect(loginErrorSentence(lib, t as never)).toBe(lib);
    }
  });

  it('renders every message in both languages', () => {
    const values = {
      name: 'N',
      email: 'e@x',
      domain: 'd',
      issuer: 'i',
      header: 'h',
      wait: '3',
      max: '5',
      minutes: '15',
      left: 3,
      label: 'L',
      role: 'admin',
      enabled: 'yes',
      on: 'yes',
      unit: 'minute',
      count: 2,
    };
    const flat = (o: object, p = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? flat(v as object, `${p}${k}.`) : [`${p}${k}`]));
    const keys = flat(en);
    expect(flat(de).sort()).toEqual([...keys].sort());
    for (const [locale, messages] of [
      ['en', en],
      ['de', de],
    ] as const) {
      const t = createTranslator({
        locale,
        messages: { auth: messages },
        namespace: 'auth',
        onError: (e) => {
          throw e;
        },
      });
      const tags = { link: (c: string) => c, code: () => '', strong: (c: string) => c };
      for (const key of keys) expect(t.markup(key as never, { ...values, ...tags } as never), `${locale} ${key}`).toBeTruthy();
    }
  });
});

describe('impersonation refusals', () => {
  it('finds every refusal sentence of the sign-in link', async () => {
    const { REFUSAL_SENTENCES } = await import('@/lib/features/auth/impersonation');
    const { title: _title, logIn: _logIn, ...table } = en.impersonation;
    const match = sentenceMatcher(table);
    for (const s of Object.values(REFUSAL_SENTENCES)) expect(match(s), s).not.toBeNull();
    expect(match(REFUSAL_SENTENCES.expired)?.values).toEqual({ minutes: '15' });
  });
});
