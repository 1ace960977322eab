'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui';
import { setTenantStatusAction } from '@/lib/features/admin/actions/tenants';
import { initialAdminState } from '@/lib/features/admin/form-defaults';
import { ActionMessage } from './ActionMessage';

/** Suspend (every host of the tenant shows the suspended page, nobody can log in) or resume. */
export function TenantStatusForm({ schema, status }: { schema: string; status: 'active' | 'suspended' }) {
  const [state, action] = useActionState(setTenantStatusAction, initialAdminState);
  const suspended = status === 'suspended';
  return (
    <form action={action} className="space-y-3">
      <ActionMessage state={state} />
      <p className="text-sm text-slate-700">
        {suspended
          ? 'This tenant is suspended: its hosts show the suspended page and nobody can log in. Its data is kept.'
          : 'Suspending keeps all data but blocks every page, login and API call on the tenant’s hosts until it is resumed.'}
      </p>
      <input type="hidden" name="schema" value={schema} />
      <input type="hidden" name="status" value={suspended ? 'active' : 'suspended'} />
      <Button type="submit" variant={suspended ? 'primary' : 'secondary'} pendingLabel={suspended ? 'Resuming…' : 'Suspending…'}>
        {suspended ? 'Resume tenant' : 'Suspend tenant'}
      </Button>
    </form>
  );
}
