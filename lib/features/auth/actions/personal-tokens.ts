'use server';

// Personal API tokens (issue 23, part 2) on /settings/tokens: create (shown once) and revoke.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { createPersonalToken, personalTokenInput, revokePersonalToken } from '@/lib/features/auth/personal-tokens';
import { requireTenantUser } from '@/lib/features/auth/session';
import { auditTenantAdmin } from '@/lib/features/auth/tenant-audit';
import { UserError } from '@/lib/infra/errors';
import { withTenant } from '@/lib/tenancy';
import { getTranslations } from 'next-intl/server';
import { formAction } from '@/lib/web/action';
import type { FormState } from '@/lib/web/form-state';
import { textValue } from '@/lib/web/form-state';

const PATH = '/settings/tokens';
const IMPERSONATED = 'API tokens cannot be made or revoked while a superuser has opened this organisation as one of its users.';

async function tokenOwner() {
  const ctx = await requireTenantUser({ next: PATH });
  // A token would outlive the impersonated session (and act as the user without the banner).
  if (ctx.user.impersonator) throw new UserError(IMPERSONATED, 403);
  return ctx;
}

export const createPersonalTokenAction = formAction<
  Awaited<ReturnType<typeof tokenOwner>>,
  z.infer<typeof personalTokenInput>,
  FormState & { token?: string }
>({
  name: 'createPersonalToken',
  read: (form) => {
    const values = { name: textValue(form, 'name'), expiresInDays: textValue(form, 'expiresInDays') };
    return { values, input: values };
  },
  session: tokenOwner,
  schema: personalTokenInput,
  run: async (ctx, input) => {
    const { id, token } = await withTenant(ctx.tenant, (db) => createPersonalToken(db, ctx.user.uid, input));
    await auditTenantAdmin(ctx, 'api_token.create', { id, name: input.name, expiresInDays: input.expiresInDays });
    revalidatePath(PATH);
    const t = await getTranslations('auth.tokens');
    return { ok: true, message: t('createdMessage', { name: input.name }), token };
  },
});

export const revokePersonalTokenAction = formAction<Awaited<ReturnType<typeof tokenOwner>>, { id: number }>({
  name: 'revokePersonalToken',
  read: (form) => ({ input: { id: textValue(form, 'id') } }),
  session: tokenOwner,
  schema: z.object({ id: z.coerce.number().int().positive() }),
  run: async (ctx, { id }) => {
    const name = await withTenant(ctx.tenant, (db) => revokePersonalToken(db, ctx.user.uid, id));
    await auditTenantAdmin(ctx, 'api_token.revoke', { id, name });
    revalidatePath(PATH);
    const t = await getTranslations('auth.tokens');
    return { ok: true, message: t('revoked', { name }) };
  },
});
