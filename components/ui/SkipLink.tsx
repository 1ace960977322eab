import { useTranslations } from 'next-intl';

/** First focusable element of a page: jumps past the navigation to <main id="main">. */
export function SkipLink({ target = 'main' }: { target?: string }) {
  const t = useTranslations('ui');
  return (
    <a
      href={`#${target}`}
      className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-semibold focus:text-indigo-800 focus:outline-3 focus:outline-indigo-600"
    >
      {t('skipLink')}
    </a>
  );
}
