import type { InputHTMLAttributes, ReactNode } from 'react';

export interface CheckboxFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'id' | 'name'> {
  name: string;
  label: ReactNode;
  id?: string;
  hint?: ReactNode;
  error?: string | null;
}

/** A checkbox with its label beside it, an optional hint and an inline error. */
export function CheckboxField({ name, label, id, hint, error, ...rest }: CheckboxFieldProps) {
  const fid = id ?? `field-${name}`;
  const described = [hint ? `${fid}-hint` : null, error ? `${fid}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="flex items-start gap-3">
      <input
        id={fid}
        name={name}
        type="checkbox"
        className="mt-0.5 h-4 w-4 shrink-0 rounded border-slate-400 accent-indigo-700 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        aria-describedby={described}
        aria-invalid={error ? true : undefined}
        {...rest}
      />
      <div className="space-y-0.5">
        <label htmlFor={fid} className="block text-sm font-medium text-slate-800">
          {label}
        </label>
        {hint ? (
          <p id={`${fid}-hint`} className="text-xs text-slate-600">
            {hint}
          </p>
        ) : null}
        {error ? (
          <p id={`${fid}-error`} className="text-sm text-red-700" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
