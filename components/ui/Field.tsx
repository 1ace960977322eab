import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';
import { cn } from './cn';

export const inputClass = (invalid?: boolean, extra?: string) =>
  cn(
    'block w-full rounded-md border bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-500',
    'focus:outline-3 focus:outline-offset-1 focus:outline-indigo-600 disabled:bg-slate-100',
    invalid ? 'border-red-600' : 'border-slate-400',
    extra,
  );

interface FieldShellProps {
  id: string;
  label: ReactNode;
  error?: string | null;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** Label, control, hint and error for one form field; ids wire aria-describedby. */
export function FieldShell({ id, label, error, hint, children, className }: FieldShellProps) {
  return (
    <div className={cn('space-y-1', className)}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700 [overflow-wrap:anywhere]" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function describedBy(id: string, error?: string | null, hint?: ReactNode): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export interface InputProps extends InputHTMLAttributes<HTMLInputElement> {
  invalid?: boolean;
}

/** A bare text input (use Field for a labelled one). */
export function Input({ invalid, className, ...rest }: InputProps) {
  return <input className={inputClass(invalid, className)} aria-invalid={invalid || undefined} {...rest} />;
}

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name'> {
  name: string;
  label: ReactNode;
  id?: string;
  error?: string | null;
  hint?: ReactNode;
  fieldClassName?: string;
}

/** A labelled input with hint and inline error. */
export function Field({ name, label, id, error, hint, fieldClassName, ...rest }: FieldProps) {
  const fid = id ?? `field-${name}`;
  return (
    <FieldShell id={fid} label={label} error={error} hint={hint} className={fieldClassName}>
      <Input id={fid} name={name} invalid={!!error} aria-describedby={describedBy(fid, error, hint)} {...rest} />
    </FieldShell>
  );
}

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'name'> {
  name: string;
  label: ReactNode;
  id?: string;
  error?: string | null;
  hint?: ReactNode;
  options: { value: string; label: string }[];
}

export function SelectField({ name, label, id, error, hint, options, ...rest }: SelectFieldProps) {
  const fid = id ?? `field-${name}`;
  return (
    <FieldShell id={fid} label={label} error={error} hint={hint}>
      <select
        id={fid}
        name={name}
        className={inputClass(!!error)}
        aria-invalid={!!error || undefined}
        aria-describedby={describedBy(fid, error, hint)}
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
