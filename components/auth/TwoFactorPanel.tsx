'use client';

import { useActionState, type ReactNode } from 'react';
import { Alert, Button, Field, FormError, bannerError } from '@/components/ui';
import type { TwoFactorFormState } from '@/lib/features/auth/two-factor-actions';

type Action = (prev: TwoFactorFormState, form: FormData) => Promise<TwoFactorFormState>;

export interface TwoFactorPanelProps {
  enabled: boolean;
  /** A pending enrolment: the QR code (data URL) and the secret to type by hand. */
  pending: { qr: string; secret: string } | null;
  recoveryCodesLeft: number;
  actions: { begin: Action; confirm: Action; disable: Action; regenerate: Action };
}

/** The recovery codes, shown once (after set-up, or after making a new set). */
function RecoveryCodes({ codes, title, children }: { codes: string[]; title: string; children: ReactNode }) {
  return (
    <div className="space-y-4">
      <Alert tone="success" title={title}>
        {children}
      </Alert>
      <p className="text-sm text-slate-800">
        Keep these recovery codes somewhere safe. Each works once, in place of a code, if you lose your phone. They are shown only now.
      </p>
      <ul data-testid="recovery-codes" className="grid grid-cols-2 gap-2 font-mono text-sm">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <a href="?" className="text-sm text-indigo-800 underline underline-offset-4">
        I have saved them
      </a>
    </div>
  );
}

/** A form that asks for one code: what it is for (children), the code field, and the button named `name`. */
function CodeForm(props: {
  action: (form: FormData) => void;
  state: TwoFactorFormState;
  name: string;
  label: string;
  pendingLabel: string;
  fieldId?: string;
  numeric?: boolean;
  secondary?: boolean;
  children: ReactNode;
}) {
  return (
    <form action={props.action} className="space-y-4" aria-label={props.name}>
      {props.children}
      <FormError message={bannerError(props.state)} />
      <Field
        name="code"
        id={props.fieldId}
        label={props.label}
        autoComplete="one-time-code"
        inputMode={props.numeric ? 'numeric' : undefined}
        maxLength={64}
        error={props.state.fieldErrors?.code}
        required
      />
      <Button type="submit" variant={props.secondary ? 'secondary' : undefined} pendingLabel={props.pendingLabel}>
        {props.name}
      </Button>
    </form>
  );
}

/** Issue 23: set up two-factor (QR code + a first code), see the recovery codes once, make a new set, turn it off with a code. */
export function TwoFactorPanel({ enabled, pending, recoveryCodesLeft, actions }: TwoFactorPanelProps) {
  const [begun, begin] = useActionState(actions.begin, {});
  const [confirmed, confirm] = useActionState(actions.confirm, {});
  const [disabled, disable] = useActionState(actions.disable, {});
  const [regenerated, regenerate] = useActionState(actions.regenerate, {});

  if (confirmed.codes) {
    return (
      <RecoveryCodes codes={confirmed.codes} title="Two-factor is on">
        From now on, logging in asks for a code from your authenticator app after the password.
      </RecoveryCodes>
    );
  }

  if (regenerated.codes) {
    return (
      <RecoveryCodes codes={regenerated.codes} title="New recovery codes">
        Your earlier recovery codes no longer work.
      </RecoveryCodes>
    );
  }

  if (enabled) {
    return (
      <div className="space-y-8">
        <CodeForm
          action={disable}
          state={disabled}
          name="Turn two-factor off"
          fieldId="field-disable-code"
          label="Code to turn it off"
          pendingLabel="Turning off…"
          secondary
        >
          <p className="text-sm text-slate-800" data-testid="two-factor-status">
            Two-factor is on. {recoveryCodesLeft} of 10 recovery codes left.
          </p>
        </CodeForm>
        <CodeForm
          action={regenerate}
          state={regenerated}
          name="Make new recovery codes"
          fieldId="field-regenerate-code"
          label="Current code from the app"
          pendingLabel="Making codes…"
          numeric
          secondary
        >
          <p className="text-sm text-slate-800">
            Lost your recovery codes, or used some? Make a new set of 10: the old ones stop working at once.
          </p>
        </CodeForm>
      </div>
    );
  }

  if (pending) {
    return (
      <CodeForm action={confirm} state={confirmed} name="Turn two-factor on" label="Code from the app" pendingLabel="Checking…" numeric>
        <p className="text-sm text-slate-800">
          Scan this QR code with an authenticator app (any app for TOTP codes), then enter the 6-digit code it shows.
        </p>
        {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server */}
        <img src={pending.qr} alt="QR code for your authenticator app" width={200} height={200} />
        <p className="text-sm text-slate-800">
          Or type this key: <code data-testid="totp-secret">{pending.secret}</code>
        </p>
      </CodeForm>
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
