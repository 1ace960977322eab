import type { NextRequest } from 'next/server';
import { getLocale, getTranslations } from 'next-intl/server';
import en from '@/messages/en/auth.json';
import { recordAudit } from '@/lib/platform/audit';
import { tenantAdminHref } from '@/lib/platform/links';
import { directDb } from '@/lib/infra/db/pool';
import { requestClientAddress } from '@/lib/infra/client-address';
import { withTenant } from '@/lib/tenancy';
import { requestTenant } from '@/lib/tenancy/request';
import { rootDomain } from '@/lib/tenancy/routing';
import { findUserById } from '@/lib/features/auth/users';
import { consumeImpersonationToken, endImpersonation, REFUSAL_SENTENCES, SESSION_MINUTES } from './impersonation';
import { tenantIdentity } from './next-auth';
import { sessionIdentity } from './session';
import { superuserHasTwoFactor } from './superusers';
import { superusersMustUseTwoFactor } from './two-factor';
import { sentenceMatcher } from '@/lib/web/sentence-match';

export const SUPERUSER_WITHOUT_TWO_FACTOR =
  'This sign-in link was made by a superuser without two-factor, which this installation requires. Set up two-factor in the admin area and open the user again.';
import { clearedSessionCookie, sessionCookie } from './session-cookie';

// The tenant-host side of "open as": GET /impersonate?token=… starts the session (once), POST
// /impersonate/stop ends it and returns to the admin area. Both are audited with the superuser
// as the actor. The routes in app/ are one line each.

const NO_STORE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// The refusal page in the request's language; its sentences are found by their English text (the
// JSON answer and the lib keep the English).
const { title: TITLES, logIn: _logIn, ...SENTENCES } = en.impersonation;
const refusalTitle = sentenceMatcher(TITLES);
const refusalSentence = sentenceMatcher(SENTENCES);

/** A refusal: an HTML page for browsers, JSON `{error}` for everything else. */
async function refusal(req: NextRequest, status: number, title: string, sentence: string): Promise<Response> {
  if (!(req.headers.get('accept') ?? '').includes('text/html')) {
    return Response.json({ error: sentence }, { status, headers: NO_STORE });
  }
  const locale = await getLocale();
  const t = await getTranslations('auth.impersonation');
  const titleKey = refusalTitle(title);
  const said = refusalSentence(sentence);
  const heading = titleKey ? t(`title.${titleKey.key}`) : title;
  const text = said ? t(said.key, said.values) : sentence;
  const page = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; color: #0f172a">
<main><h1>${escapeHtml(heading)}</h1><p data-testid="refusal">${escapeHtml(text)}</p><p><a href="/login">${escapeHtml(t('logIn'))}</a></p></main>
</body></html>`;
  return new Response(page, { status, headers: { ...NO_STORE, 'content-type': 'text/html; charset=utf-8' } });
}

/** GET /impersonate?token=…: uses the link and starts a session as its user, marked as impersonated. */
export async function startImpersonation(req: NextRequest): Promise<Response> {
  const tenant = await requestTenant();
  if (!tenant) return refusal(req, 404, 'Not found', 'There is no organisation at this address.');
  if (tenant.status === 'suspended') return refusal(req, 403, 'Organisation suspended', 'This organisation is suspended.');
  const used = await consumeImpersonationToken(directDb(), req.nextUrl.searchParams.get('token') ?? '', tenant.id);
  if (!used.ok) return refusal(req, 401, 'This link cannot be used', REFUSAL_SENTENCES[used.reason]);
  // Issue 23: with "superusers must use two-factor" on, a link made by a superuser without it (say,
  // before the setting was turned on) signs nobody in.
  if ((await superusersMustUseTwoFactor(directDb())) && !(await superuserHasTwoFactor(directDb(), used.superuserId))) {
    return refusal(req, 401, 'This link cannot be used', SUPERUSER_WITHOUT_TWO_FACTOR);
  }
  const user = await withTenant(tenant, (db) => findUserById(db, used.userId));
  if (!user) return refusal(req, 401, 'This link cannot be used', 'The user this link opens no longer exists in this organisation.');
  const until = Date.now() + SESSION_MINUTES * 60_000;
  const identity = tenantIdentity(user, tenant.schema, {
    impersonator: { email: used.superuserEmail, id: used.superuserId, until, session: used.session },
  });
  const cookie = await sessionCookie(req.headers, identity, SESSION_MINUTES * 60);
  await recordAudit(directDb(), {
    actor: used.superuserEmail,
    action: 'impersonation.start',
    tenant: tenant.schema,
    tenantId: tenant.id,
    detail: { user: user.email, userId: user.id, role: user.role, until: new Date(until).toISOString() },
    address: requestClientAddress(req.headers),
  });
  // A relative Location: the browser stays on the host it asked (never one derived here).
  return new Response(null, { status: 303, headers: { ...NO_STORE, location: '/', 'set-cookie': cookie } });
}

/** POST /impersonate/stop: ends the impersonated session and goes back to the tenant's admin page. */
export async function stopImpersonation(req: NextRequest): Promise<Response> {
  // A form post from this host only (the cookie is SameSite=Lax as well).
  const origin = req.headers.get('origin');
  const host = req.headers.get('host');
  if (!origin || !host || new URL(origin).host !== host) return refusal(req, 403, 'Refused', 'Cross-site request refused.');
  const tenant = await requestTenant();
  // The cookie's identity, not the live one: Stop must end the link even if that user was removed.
  const id = await sessionIdentity();
  const proto = req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https' ? 'https' : 'http';
  const headers: Record<string, string> = { ...NO_STORE, 'set-cookie': clearedSessionCookie(req.headers) };
  if (!tenant || !id?.impersonator) {
    // Nothing to stop (it ended or was never started): just leave this host's session.
    return new Response(null, { status: 303, headers: { ...headers, location: '/login' } });
  }
  // Recorded once, even if a copy of the cookie asks again (it is refused from now on anyway).
  if (!(await endImpersonation(directDb(), id.impersonator.session))) {
    return new Response(null, { status: 303, headers: { ...headers, location: '/login' } });
  }
  await recordAudit(directDb(), {
    actor: id.impersonator.email,
    action: 'impersonation.end',
    tenant: tenant.schema,
    tenantId: tenant.id,
    detail: { user: id.email, userId: id.uid },
    address: requestClientAddress(req.headers),
  });
  // ?stopped=1: the admin page confirms that the session ended (issue 24, item 25).
  const admin = `${proto}://${rootDomain()}${tenantAdminHref(tenant.schema)}?stopped=1`;
  return new Response(null, { status: 303, headers: { ...headers, location: admin } });
}
