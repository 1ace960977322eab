'use client';

import { useTranslations } from 'next-intl';
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
  const t = useTranslations('auth.twoFactor.panel');
  return (
    <div className="space-y-4">
      <Alert tone="success" title={title}>
        {children}
      </Alert>
      <p className="text-sm text-slate-800">{t('keepCodes')}</p>
      <ul data-testid="recovery-codes" className="grid grid-cols-2 gap-2 font-mono text-sm">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <a href="?" className="text-sm text-indigo-800 underline underline-offset-4">
        {t('savedThem')}
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
  const t = useTranslations('auth.twoFactor.panel');

  if (confirmed.codes) {
    return (
      <RecoveryCodes codes={confirmed.codes} title={t('onTitle')}>
        {t('onBody')}
      </RecoveryCodes>
    );
  }

  if (regenerated.codes) {
    return (
      <RecoveryCodes codes={regenerated.codes} title={t('newCodesTitle')}>
        {t('newCodesBody')}
      </RecoveryCodes>
    );
  }

  if (enabled) {
    return (
      <div className="space-y-8">
        <CodeForm
          action={disable}
          state={disabled}
          name={t('turnOff')}
          fieldId="field-disable-code"
          label={t('turnOffCode')}
          pendingLabel={t('turningOff')}
          secondary
        >
          <p className="text-sm text-slate-800" data-testid="two-factor-status">
            {t('status', { left: recoveryCodesLeft })}
          </p>
        </CodeForm>
        <CodeForm
          action={regenerate}
          state={regenerated}
          name={t('makeCodes')}
          fieldId="field-regenerate-code"
          label={t('currentCode')}
          pendingLabel={t('makingCodes')}
          numeric
          secondary
        >
          <p className="text-sm text-slate-800">{t('makeCodesIntro')}</p>
        </CodeForm>
      </div>
    );
  }

  if (pending) {
    return (
      <CodeForm action={confirm} state={confirmed} name={t('turnOn')} label={t('appCode')} pendingLabel={t('checking')} numeric>
        <p className="text-sm text-slate-800">{t('scan')}</p>
        {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server */}
        <img src={pending.qr} alt={t('qrAlt')} width={200} height={200} />
        <p className="text-sm text-slate-800">
          {t.rich('typeKey', { code: () => <code data-testid="totp-secret">{pending.secret}</code> })}
        </p>
      </CodeForm>
    );
  }

  return (
    <form action={begin} className="space-y-4" aria-label={t('setUpLabel')}>
      <p className="text-sm text-slate-800" data-testid="two-factor-status">
        {t('offStatus')}
      </p>
      <FormError message={bannerError(begun)} />
      <Button type="submit" pendingLabel={t('starting')}>
        {t('setUp')}
      </Button>
    </form>
  );
}

/** "Must use two-factor" for admins (tenant) or superusers (operator). */
export function TwoFactorPolicyForm({ label, on, action }: { label: string; on: boolean; action: Action }) {
  const [state, submit] = useActionState(action, {});
  const t = useTranslations('auth.twoFactor.policy');
  const now = state.ok && state.on !== undefined ? state.on : on;
  return (
    <form action={submit} className="space-y-3" aria-label={label}>
      <FormError message={bannerError(state)} />
      {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      <p className="text-sm text-slate-800" data-testid="two-factor-policy">
        {t.rich('state', { label, on: now ? 'yes' : 'no', strong: (chunks) => <strong>{chunks}</strong> })}
      </p>
      <input type="hidden" name="on" value={now ? 'off' : 'on'} />
      <Button type="submit" variant="secondary" pendingLabel={t('saving')}>
        {now ? t('stop') : t('require')}
      </Button>
    </form>
  );
}
