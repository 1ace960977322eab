import { requireSuperuser } from '@/lib/features/auth/session';
import { formAction } from '@/lib/web/action';
import { invalidInput } from '@/lib/web/form-state';
import { revalidateAdmin } from './revalidate';

/** Every superuser-area action: requireSuperuser first, the area's validation sentences, the whole area revalidated after. */
export const superuserAction = formAction.with({
  session: () => requireSuperuser('/admin'),
  invalid: invalidInput,
  after: revalidateAdmin,
});
