import type { HTMLAttributes, ReactNode } from 'react';
import { cn } from './cn';

export interface CardProps extends Omit<HTMLAttributes<HTMLElement>, 'title'> {
  title?: ReactNode;
  /** Heading level of the title (default 2). */
  level?: 2 | 3;
  actions?: ReactNode;
  as?: 'section' | 'div' | 'article';
}

/** A white panel with an optional heading row. */
export function Card({ title, level = 2, actions, as: Tag = 'section', className, children, ...rest }: CardProps) {
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <Tag className={cn('rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:p-6', className)} {...rest}>
      {title || actions ? (
        <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
          {title ? <H className="text-lg font-semibold text-slate-900">{title}</H> : <span />}
          {actions}
        </div>
      ) : null}
      {children}
    </Tag>
  );
}
