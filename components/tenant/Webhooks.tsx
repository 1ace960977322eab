'use client';

// Issue 25, part 4: the forms of /settings/webhooks.
import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { CheckboxField } from '@/components/admin/CheckboxField';
import { Alert, Button, Field, FormError, bannerError } from '@/components/ui';
import {
  createWebhookAction,
  deleteWebhookAction,
  resendWebhookAction,
  setWebhookEnabledAction,
} from '@/lib/features/webhooks/actions/webhooks';
import { WEBHOOK_EVENTS } from '@/lib/features/webhooks/event-names';

/** Add an endpoint: its URL and events; the signing secret is shown once after. */
export function NewWebhookForm() {
  const t = useTranslations('settings.webhooks');
  const [state, action] = useActionState(createWebhookAction, {});
  const fe = state.fieldErrors ?? {};
  const chosen = state.ok || !state.values ? null : new Set((state.values.events ?? '').split(','));
  return (
    <form action={action} className="space-y-4" aria-label={t('form.label')}>
      <FormError message={bannerError(state)} />
      {state.ok && state.secret ? (
        <Alert tone="success" title={state.message}>
          <code data-testid="webhook-secret" className="break-all">
            {state.secret}
          </code>
        </Alert>
      ) : null}
      <Field
        name="url"
        label={t('form.url')}
        type="url"
        defaultValue={state.ok ? '' : (state.values?.url ?? '')}
        error={fe.url}
        maxLength={2000}
        placeholder="https://example.com/hooks/quorum"
        required
      />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">{t('form.events')}</legend>
        {WEBHOOK_EVENTS.map((e) => (
          <CheckboxField
            key={e}
            id={`event-${e}`}
            name="events"
            value={e}
            label={<code>{e}</code>}
            hint={t(`eventWords.${e}`)}
            defaultChecked={chosen ? chosen.has(e) : true}
          />
        ))}
        {fe.events ? (
          <p className="text-sm text-red-700" role="alert">
            {fe.events}
          </p>
        ) : null}
      </fieldset>
      <Button type="submit" pendingLabel={t('form.pending')}>
        {t('form.submit')}
      </Button>
    </form>
  );
}

function Outcome({ state }: { state: { ok?: boolean; message?: string } }) {
  return state.ok && state.message ? (
    <p className="text-sm text-slate-800" role="status">
      {state.message}
    </p>
  ) : null;
}

/** Switch an endpoint on or off, or delete it. */
export function WebhookEndpointButtons({ id, url, enabled }: { id: number; url: string; enabled: boolean }) {
  const t = useTranslations('settings.webhooks.buttons');
  const [toggled, toggle] = useActionState(setWebhookEnabledAction, {});
  const [deleted, remove] = useActionState(deleteWebhookAction, {});
  return (
    <div className="flex flex-wrap gap-2">
      <form action={toggle} aria-label={enabled ? t('switchOffLabel', { url }) : t('switchOnLabel', { url })}>
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="enabled" value={enabled ? 'off' : 'on'} />
        <FormError message={bannerError(toggled)} />
        <Button type="submit" variant="secondary" pendingLabel={t('saving')}>
          {enabled ? t('switchOff') : t('switchOn')}
        </Button>
      </form>
      <form action={remove} aria-label={t('deleteLabel', { url })}>
        <input type="hidden" name="id" value={id} />
        <FormError message={bannerError(deleted)} />
        <Button type="submit" variant="danger" pendingLabel={t('deleting')}>
          {t('delete')}
        </Button>
      </form>
      <Outcome state={toggled} />
    </div>
  );
}

/** Send a delivery again (same message id and body). */
export function ResendWebhookButton({ id, event }: { id: number; event: string }) {
  const t = useTranslations('settings.webhooks.buttons');
  const [state, action] = useActionState(resendWebhookAction, {});
  return (
    <form action={action} aria-label={t('resendLabel', { event, id: String(id) })}>
      <input type="hidden" name="id" value={id} />
      <FormError message={bannerError(state)} />
      <Button type="submit" variant="secondary" pendingLabel={t('queuing')}>
        {t('resend')}
      </Button>
      <Outcome state={state} />
    </form>
  );
}
