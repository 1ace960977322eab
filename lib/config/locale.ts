// The languages of the UI (issue 25, part 3). Pure: no request, no database.
// A signed-in user's saved choice wins; then the cookie (a visitor's pick); then the host
// organisation's default; then, off any organisation, the browser's Accept-Language; then English
// (see i18n/request.ts).

export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
/** The cookie that carries the signed-in user's (or the visitor's) choice. Not a secret. */
export const LOCALE_COOKIE = 'quorum_locale';
/** How long the cookie keeps a choice: a year. */
export const LOCALE_COOKIE_SECONDS = 365 * 24 * 60 * 60;
/** Each language named in itself, for the pickers. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', de: 'Deutsch' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The first supported language of an Accept-Language header, by its q-values; null if none. */
export function fromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { lang: tag.trim().toLowerCase().split('-')[0], weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  for (const r of ranked) if (isLocale(r.lang)) return r.lang;
  return null;
}
