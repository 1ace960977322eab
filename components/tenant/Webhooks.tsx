'use client';

// Issue 25, part 4: the forms of /settings/webhooks.
import { useActionState } from 'react';
import { CheckboxField } from '@/components/admin/CheckboxField';
import { Alert, Button, Field, FormError, bannerError } from '@/components/ui';
import {
  createWebhookAction,
  deleteWebhookAction,
  resendWebhookAction,
  setWebhookEnabledAction,
} from '@/lib/features/webhooks/actions/webhooks';
import { WEBHOOK_EVENTS, WEBHOOK_EVENT_WORDS } from '@/lib/features/webhooks/event-names';

/** Add an endpoint: its URL and events; the signing secret is shown once after. */
export function NewWebhookForm() {
  const [state, action] = useActionState(createWebhookAction, {});
  const fe = state.fieldErrors ?? {};
  const chosen = state.ok || !state.values ? null : new Set((state.values.events ?? '').split(','));
  return (
    <form action={action} className="space-y-4" aria-label="New webhook endpoint">
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
        label="URL"
        type="url"
        defaultValue={state.ok ? '' : (state.values?.url ?? '')}
        error={fe.url}
        maxLength={2000}
        placeholder="https://example.com/hooks/quorum"
        required
      />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Events</legend>
        {WEBHOOK_EVENTS.map((e) => (
          <CheckboxField
            key={e}
            id={`event-${e}`}
            name="events"
            value={e}
            label={<code>{e}</code>}
            hint={WEBHOOK_EVENT_WORDS[e]}
            defaultChecked={chosen ? chosen.has(e) : true}
          />
        ))}
        {fe.events ? (
          <p className="text-sm text-red-700" role="alert">
            {fe.events}
          </p>
        ) : null}
      </fieldset>
      <Button type="submit" pendingLabel="Adding…">
        Add endpoint
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
  const [toggled, toggle] = useActionState(setWebhookEnabledAction, {});
  const [deleted, remove] = useActionState(deleteWebhookAction, {});
  return (
    <div className="flex flex-wrap gap-2">
      <form action={toggle} aria-label={`${enabled ? 'Switch off' : 'Switch on'} ${url}`}>
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="enabled" value={enabled ? 'off' : 'on'} />
        <FormError message={bannerError(toggled)} />
        <Button type="submit" variant="secondary" pendingLabel="Saving…">
          {enabled ? 'Switch off' : 'Switch on'}
        </Button>
      </form>
      <form action={remove} aria-label={`Delete ${url}`}>
        <input type="hidden" name="id" value={id} />
        <FormError message={bannerError(deleted)} />
        <Button type="submit" variant="danger" pendingLabel="Deleting…">
          Delete
        </Button>
      </form>
      <Outcome state={toggled} />
    </div>
  );
}

/** Send a delivery again (same message id and body). */
export function ResendWebhookButton({ id, event }: { id: number; event: string }) {
  const [state, action] = useActionState(resendWebhookAction, {});
  return (
    <form action={action} aria-label={`Resend ${event} delivery ${id}`}>
      <input type="hidden" name="id" value={id} />
      <FormError message={bannerError(state)} />
      <Button type="submit" variant="secondary" pendingLabel="Queuing…">
        Resend
      </Button>
      <Outcome state={state} />
    </form>
  );
}
