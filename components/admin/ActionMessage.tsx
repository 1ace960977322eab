import { Alert, FormError, bannerError } from '@/components/ui';
import type { AdminActionState } from '@/lib/features/admin/form-defaults';

/** The outcome of an admin action: its error (role=alert) or its success sentence (role=status). */
export function ActionMessage({ state, className }: { state: AdminActionState; className?: string }) {
  const error = bannerError(state);
  if (error)
    return (
      <div className={className}>
        <FormError message={error} />
      </div>
    );
  if (state.ok && state.message) {
    return (
      <Alert tone="success" className={className}>
        {state.message}
      </Alert>
    );
  }
  return null;
}
