'use client';

import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';
import { useFormStatus } from 'react-dom';
import { buttonClass, type ButtonVariant } from './button-class';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  /** Label shown while the enclosing form's action runs (submit buttons only). */
  pendingLabel?: ReactNode;
  /** Force the pending state (e.g. a client-side action outside a <form action>). */
  pending?: boolean;
  ref?: Ref<HTMLButtonElement>;
}

/**
 * A button. Inside a <form action={...}> a submit button disables itself and shows
 * `pendingLabel` while the action runs, so a double click submits once.
 */
export function Button({
  variant = 'primary',
  pendingLabel,
  pending,
  type = 'submit',
  className,
  children,
  disabled,
  ...rest
}: ButtonProps) {
  const status = useFormStatus();
  const busy = pending ?? (type === 'submit' && status.pending);
  return (
    <button type={type} className={buttonClass(variant, className)} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy && pendingLabel ? pendingLabel : children}
    </button>
  );
}
