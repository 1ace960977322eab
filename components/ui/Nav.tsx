import Link from 'next/link';
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { cn } from './cn';

export interface NavLink {
  href: string;
  label: string;
}

export interface NavProps {
  /** Brand/home link. */
  brand: { href: string; label: ReactNode };
  links?: NavLink[];
  /** Right-hand side: user email, log out button… */
  right?: ReactNode;
  /** Accessible name of the navigation landmark. */
  label?: string;
  /** href of the link for the page being shown: marked aria-current="page" and highlighted. */
  current?: string;
}

/** Top bar: brand, links, and a right-hand slot. Wraps on narrow screens. */
export function Nav({ brand, links = [], right, label, current }: NavProps) {
  const t = useTranslations('ui.nav');
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label={label ?? t('main')} className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link
          href={brand.href}
          className="min-w-0 max-w-full rounded text-lg font-bold [overflow-wrap:anywhere] text-indigo-800 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          {brand.label}
        </Link>
        {links.length ? (
          <ul className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
            {links.map((l) => (
              <li key={l.href}>
                <Link
                  href={l.href}
                  aria-current={current === l.href ? 'page' : undefined}
                  className={cn(
                    'rounded px-1 py-0.5 text-slate-700 underline-offset-4 hover:text-slate-950 hover:underline',
                    current === l.href && 'font-semibold text-indigo-800 underline',
                    'focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-indigo-600',
                  )}
                >
                  {l.label}
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
        {right ? <div className="ml-auto flex flex-wrap items-center gap-3 text-sm">{right}</div> : null}
      </nav>
    </header>
  );
}
