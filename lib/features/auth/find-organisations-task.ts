import { sql, type Kysely } from 'kysely';
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import { directDb } from '@/lib/infra/db/pool';
import { tenantLink } from '@/lib/infra/mail/links';
import { sendMail } from '@/lib/infra/mail/mailer';
import { organisationsMail } from '@/lib/infra/mail/messages';
import { log } from '@/lib/infra/log';
import { tenantsWithUser } from '@/lib/tenancy';
import { EMAIL_MAX_ATTEMPTS } from '@/lib/infra/queue/limits';
import { getLocale } from 'next-intl/server';
import { DEFAULT_LOCALE, LOCALES, isLocale, type Locale } from '@/lib/config/locale';

// "Find your organisation" (root host): the request only queues this job, so the answer on screen
// and its timing are the same whether or not the address has accounts; the job looks the address
// up across every tenant and mails the login addresses, or sends nothing.

export const FIND_ORGANISATIONS_TASK = 'find_organisations';

// The language of the request that asked (issue 25, part 3); absent in jobs queued before it: English.
const payload = z.object({ email: z.string().email(), locale: z.enum(LOCALES).optional() }).strict();

/**
 * Queues the lookup for an address (in the caller's transaction, if any). Keyed per address: asking
 * again while one waits replaces it rather than queueing a flood. Not a tenant job: it belongs to
 * no tenant, so it carries no tenantId.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function queueFindOrganisations(db: Kysely<any>, email: string, locale?: Locale): Promise<void> {
  const body = JSON.stringify(payload.parse({ email, locale: locale ?? (await askingLocale()) }));
  await sql`select graphile_worker.add_job(${FIND_ORGANISATIONS_TASK}, ${body}::json, max_attempts => ${EMAIL_MAX_ATTEMPTS}::int, job_key => ${`find_organisations:${email}`}::text)`.execute(
    db,
  );
}

/** The language of the request that asked (the page's, i18n/request.ts); English outside a Next request. */
async function askingLocale(): Promise<Locale> {
  try {
    const locale = await getLocale();
    return isLocale(locale) ? locale : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** The worker's handler: the lookup (direct connection, batched across tenants), then at most one email. */
export const findOrganisationsTask: Task = async (raw, helpers) => {
  const jobLog = log.child({ job: FIND_ORGANISATIONS_TASK, jobId: helpers.job.id, attempt: helpers.job.attempts });
  const parsed = payload.safeParse(raw);
  if (!parsed.success) {
    jobLog.error('job dropped: its payload is not valid');
    return;
  }
  const { email, locale = DEFAULT_LOCALE } = parsed.data;
  const started = Date.now();
  const orgs = await tenantsWithUser(directDb(), email);
  // Never log the address itself next to whether it has accounts.
  jobLog.info({ organisations: orgs.length, ms: Date.now() - started }, 'find_organisations: lookup done');
  if (orgs.length === 0) return;
  await sendMail(
    organisationsMail(
      email,
      orgs.map((o) => ({ name: o.name, link: tenantLink(o.host, '/login', { email }) })),
      locale,
    ),
  );
};
