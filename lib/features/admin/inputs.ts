// zod schemas of the superuser-area forms. Each server action parses its FormData with one of
// these BEFORE anything else; the lib functions validate again (defence in depth).
import { z } from 'zod';
import { weakPasswordReason } from '@/lib/features/auth/password';
import { validateDomain } from '@/lib/tenancy/host';
import { validateSchemaName } from '@/lib/tenancy/schema-name';

/** A tenant schema name (the same rules and sentences as the lib). */
export const schemaName = z
  .string({ error: 'Schema name is required.' })
  .trim()
  .superRefine((s, ctx) => {
    const r = validateSchemaName(s);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error });
  });

/** A domain, canonicalised (lowercase, punycode, no trailing dot); no port. */
export const domainName = z.string({ error: 'Domain is required.' }).transform((s, ctx) => {
  const r = validateDomain(s);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.error });
    return z.NEVER;
  }
  return r.domain;
});

const tenantName = z.string().trim().min(1, 'Name is required.').max(200, 'Name is at most 200 characters.');

/** '' (no date) → null; otherwise a real calendar date YYYY-MM-DD. */
const optionalDate = z
  .string()
  .trim()
  .transform((s) => (s === '' ? null : s))
  .pipe(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Paid-until must be a date like 2027-01-31.')
      .refine(isRealDate, 'Paid-until is not a real date.')
      .nullable(),
  );

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export const createTenantInput = z
  .object({
    schema: schemaName,
    name: tenantName,
    domain: domainName,
    paidUntil: optionalDate,
    onTrial: z.boolean(),
    adminEmail: z.string().trim().toLowerCase().max(254, 'Admin email is at most 254 characters.'),
    adminPassword: z.string().max(200, 'Admin password is at most 200 characters.'),
  })
  .superRefine((v, ctx) => {
    const wantsAdmin = v.adminEmail !== '' || v.adminPassword !== '';
    if (!wantsAdmin) return;
    if (v.adminEmail === '')
      ctx.addIssue({ code: 'custom', path: ['adminEmail'], message: 'Enter the first admin’s email, or leave both admin fields empty.' });
    else if (!z.email().safeParse(v.adminEmail).success)
      ctx.addIssue({ code: 'custom', path: ['adminEmail'], message: 'Admin email is not a valid address.' });
    if (v.adminPassword.length < 8)
      ctx.addIssue({ code: 'custom', path: ['adminPassword'], message: 'Admin password must be at least 8 characters.' });
    else {
      const weak = weakPasswordReason(v.adminPassword, [v.adminEmail]);
      if (weak) ctx.addIssue({ code: 'custom', path: ['adminPassword'], message: weak });
    }
  });

export const updateTenantInput = z.object({
  schema: schemaName,
  name: tenantName,
  paidUntil: optionalDate,
  onTrial: z.boolean(),
});

/** '' → null (no override / no quota); otherwise a whole number (the range is checked by lib/tenancy). */
function optionalWhole(what: string) {
  return z
    .string()
    .trim()
    .regex(/^\d*$/, `${what} must be a whole number, or empty.`)
    .transform((s) => (s === '' ? null : Number(s)));
}

export const tenantLimitsInput = z.object({
  schema: schemaName,
  statementTimeoutMs: optionalWhole('The statement timeout'),
  maxPolls: optionalWhole('The polls quota'),
  maxUsers: optionalWhole('The users quota'),
  maxConcurrency: optionalWhole('The concurrency'),
  rateLimit: optionalWhole('The tenant rate'),
  rateLimitPerAddress: optionalWhole('The per-address rate'),
});

export const tenantStatusInput = z.object({
  schema: schemaName,
  status: z.enum(['active', 'suspended'], { error: 'Status must be active or suspended.' }),
});

export const domainInput = z.object({
  schema: schemaName,
  domain: domainName,
});

export const addDomainInput = domainInput.extend({ primary: z.boolean() });

export const deleteTenantInput = z
  .object({
    schema: schemaName,
    confirm: z.string(),
  })
  .refine((v) => v.confirm.trim() === v.schema, {
    path: ['confirm'],
    message: 'Type the schema name exactly to confirm the deletion.',
  });

export const migrateInput = z.object({
  /** One tenant, or every tenant that is behind when empty. */
  schema: z
    .string()
    .trim()
    .transform((s) => (s === '' ? undefined : s))
    .pipe(schemaName.optional()),
});

export const cloneTenantInput = z.object({
  from: schemaName,
  schema: schemaName,
  domain: domainName,
  data: z.boolean(),
});

export const importTenantInput = z.object({
  schema: schemaName,
  /** Optional: '' keeps the export's own domains. */
  domain: z
    .string()
    .trim()
    .transform((s) => (s === '' ? undefined : s))
    .pipe(domainName.optional()),
});
