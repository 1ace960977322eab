import { z } from 'zod';
import { validateSubdomain } from '@/lib/tenancy/schema-name';
import { emailSchema, newPasswordSchema } from '@/lib/features/auth/users';

/** Public signup form: organisation, subdomain, first admin. */
export const signupInput = z.object({
  name: z.string().trim().min(1, 'Enter your organisation’s name.').max(200, 'The name is at most 200 characters.'),
  subdomain: z.string().transform((s, ctx) => {
    const v = validateSubdomain(s);
    if (!v.ok) {
      ctx.addIssue({ code: 'custom', message: v.error });
      return z.NEVER;
    }
    return v.subdomain;
  }),
  email: emailSchema,
  password: newPasswordSchema,
  /** Anonymous JSON API reads: asked at signup (the form preselects "off"). */
  publicReads: z.enum(['on', 'off'], { error: 'Choose who may read your polls through the API.' }).transform((v) => v === 'on'),
});

export const TRIAL_DAYS = 14;

/** Today + TRIAL_DAYS as YYYY-MM-DD (UTC). */
export function trialEnd(now = new Date()): string {
  return new Date(now.getTime() + TRIAL_DAYS * 86_400_000).toISOString().slice(0, 10);
}
