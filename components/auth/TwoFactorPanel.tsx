'use client';

import { useActionState } from 'react';
import { Alert, Button, Field, FormError, bannerError } from '@/components/ui';
import type { TwoFactorFormState } from '@/lib/features/auth/two-factor-actions';

type Action = (prev: TwoFactorFormState, form: FormData) => Promise<TwoFactorFormState>;

export interface TwoFactorPanelProps {
  enabled: boolean;
  /** A pending enrolment: the QR code (data URL) and the secret to type by hand. */
  pending: { qr: string; secret: string } | null;
  recoveryCodesLeft: number;
  actions: { begin: Action; confirm: Action; disable: Action };
}

/** Issue 23: set up two-factor (QR code + a first code), see the recovery codes once, turn it off with a code. */
export function TwoFactorPanel({ enabled, pending, recoveryCodesLeft, actions }: TwoFactorPanelProps) {
  const [begun, begin] = useActionState(actions.begin, {});
  const [confirmed, confirm] = useActionState(actions.confirm, {});
  const [disabled, disable] = useActionState(actions.disable, {});

  if (confirmed.codes) {
    return (
      <div className="space-y-4">
        <Alert tone="success" title="Two-factor is on">
          From now on, logging in asks for a code from your authenticator app after the password.
        </Alert>
        <p className="text-sm text-slate-800">
          Keep these recovery codes somewhere safe. Each works once, in place of a code, if you lose your phone. They are shown only now.
        </p>
        <ul data-testid="recovery-codes" className="grid grid-cols-2 gap-2 font-mono text-sm">
          {confirmed.codes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <a href="?" className="text-sm text-indigo-800 underline underline-offset-4">
          I have saved them
        </a>
      </div>
    );
  }

  if (enabled) {
    return (
      <form action={disable} className="space-y-4" aria-label="Turn two-factor off">
        <p className="text-sm text-slate-800" data-testid="two-factor-status">
          Two-factor is on. {recoveryCodesLeft} of 10 recovery codes left.
        </p>
        <FormError message={bannerError(disabled)} />
        <Field
          name="code"
          label="Code to turn it off"
          autoComplete="one-time-code"
          maxLength={64}
          error={disabled.fieldErrors?.code}
          required
        />
        <Button type="submit" variant="secondary" pendingLabel="Turning off…">
          Turn two-factor off
        </Button>
      </form>
    );
  }

  if (pending) {
    return (
      <form action={confirm} className="space-y-4" aria-label="Confirm two-factor">
        <p className="text-sm text-slate-800">
          Scan this QR code with an authenticator app (any app for TOTP codes), then enter the 6-digit code it shows.
        </p>
        {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server */}
        <img src={pending.qr} alt="QR code for your authenticator app" width={200} height={200} />
        <p className="text-sm text-slate-800">
          Or type this key: <code data-testid="totp-secret">{pending.secret}</code>
        </p>
        <FormError message={bannerError(confirmed)} />
        <Field
          name="code"
          label="Code from the app"
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={64}
          error={confirmed.fieldErrors?.code}
          required
        />
        <Button type="submit" pendingLabel="Checking…">
          Turn two-factor on
        </Button>
      </form>
    );
  }

  return (
    <form action={begin} className="space-y-4" aria-label="Set up two-factor">
      <p className="text-sm text-slate-800" data-testid="two-factor-status">
        Two-factor is off. With it on, logging in also asks for a code from an app on your phone.
      </p>
      <FormError message={bannerError(begun)} />
      <Button type="submit" pendingLabel="Starting…">
        Set up two-factor
      </Button>
    </form>
  );
}

/** "Must use two-factor" for admins (tenant) or superusers (operator). */
export function TwoFactorPolicyForm({ label, on, action }: { label: string; on: boolean; action: Action }) {
  const [state, submit] = useActionState(action, {});
  const now = state.ok ? state.message === 'Two-factor is now required.' : on;
  return (
    <form action={submit} className="space-y-3" aria-label={label}>
      <FormError message={bannerError(state)} />
      {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      <p className="text-sm text-slate-800" data-testid="two-factor-policy">
        {label}: <strong>{now ? 'on' : 'off'}</strong>
      </p>
      <input type="hidden" name="on" value={now ? 'off' : 'on'} />
      <Button type="submit" variant="secondary" pendingLabel="Saving…">
        {now ? 'Stop requiring two-factor' : 'Require two-factor'}
      </Button>
    </form>
  );
}
