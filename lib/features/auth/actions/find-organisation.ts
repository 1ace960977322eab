'use server';

import { headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import { NetworkTooBusy, findOrganisationInput, requestOrganisationList, waitParts } from '@/lib/features/auth/find-organisation';
import { directDb } from '@/lib/infra/db/pool';
import { UserError } from '@/lib/infra/errors';
import { textValue } from '@/lib/web/form-state';
import { requestClientAddress } from '@/lib/infra/client-address';
import { requestHost } from '@/lib/tenancy/request';
import { formAction } from '@/lib/web/action';

/** "Find your organisation" on the root host: the same sentence for every address; the email is sent by a job. */
export const findOrganisationAction = formAction({
  name: 'findOrganisation',
  read: (form) => {
    const values = { email: textValue(form, 'email') };
    return { values, input: values };
  },
  session: async () => {
    if ((await requestHost())?.kind !== 'root') throw new UserError((await getTranslations('signup.find'))('rootOnly'), 404);
    return { address: requestClientAddress(await headers()) };
  },
  schema: findOrganisationInput,
  run: async ({ address }, { email }, values) => {
    // The owner's connection: the lookup job belongs to no tenant, and in two-role mode the request
    // role may not queue jobs (only tenants may, through the wrapper of their own role).
    const t = await getTranslations('signup.find');
    try {
      await requestOrganisationList(directDb(), email, address);
    } catch (err) {
      if (err instanceof NetworkTooBusy) return { error: t('tooMany', waitParts(err.waitSeconds)), values };
      throw err;
    }
    return { ok: true, message: t('requested'), values };
  },
});
