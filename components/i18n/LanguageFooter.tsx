import { getLocale, getTranslations } from 'next-intl/server';
import { buttonClass } from '@/components/ui';
import { LOCALES, LOCALE_NAMES } from '@/lib/config/locale';
import { chooseLocaleAction } from '@/lib/features/locale/actions';

/**
 * Every page's footer: the language switcher (issue 25, part 3). A plain form posting to a server
 * action, so it works without JavaScript too; each language is named in itself.
 */
export async function LanguageFooter() {
  const locale = await getLocale();
  const t = await getTranslations('common.language');
  return (
    <footer className="mt-10 border-t border-slate-200 px-4 py-4" data-testid="language-footer">
      {/* Keyed by the language: React resets a form after its action, and the new page's choice must show. */}
      <form key={locale} action={chooseLocaleAction} className="mx-auto flex max-w-5xl flex-wrap items-center justify-end gap-2 text-sm">
        <label htmlFor="quorum-language" className="font-medium text-slate-800">
          {t('label')}
        </label>
        <select
          id="quorum-language"
          name="locale"
          defaultValue={locale}
          className="rounded-md border border-slate-400 bg-white px-2 py-1 text-slate-900 focus-visible:outline-3 focus-visible:outline-indigo-600"
        >
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
        <button type="submit" className={buttonClass('secondary', 'px-3 py-1 text-sm')}>
          {t('submit')}
        </button>
      </form>
    </footer>
  );
}
