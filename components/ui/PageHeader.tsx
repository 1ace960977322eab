import type { ReactNode } from 'react';

/** The page's h1 with an optional description and actions. */
export function PageHeader({ title, description, actions }: { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0 max-w-full">
        <h1 className="text-2xl [overflow-wrap:anywhere] font-bold tracking-tight text-slate-900">{title}</h1>
        {description ? <p className="mt-1 text-sm [overflow-wrap:anywhere] text-slate-700">{description}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}
