import type { NextRequest } from 'next/server';
import { directDb } from '@/lib/infra/db/pool';
import { withTenant } from '@/lib/tenancy';
import { requestTenant } from '@/lib/tenancy/request';
import { findUserById } from './users';
import { tenantIdentity } from './next-auth';
import { consumeSessionHandoff } from './session-handoff';
import { sessionCookie } from './session-cookie';
import { SESSION_SECONDS } from './start-session';

// GET /welcome?token=… on a tenant host: the end of signup (session-handoff.ts). A good token
// starts the new admin's session on this host and opens the polls page; anything else (used,
// expired, another organisation's, malformed) lands on this host's login page, where the same
// email and password work. The token is in the URL once: a no-store redirect, never logged.

const NO_STORE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

function seeOther(location: string, cookie?: string): Response {
  // Relative: the browser stays on the host it asked (never one derived here).
  return new Response(null, { status: 303, headers: { ...NO_STORE, location, ...(cookie ? { 'set-cookie': cookie } : {}) } });
}

export async function startHandoffSession(req: NextRequest): Promise<Response> {
  const tenant = await requestTenant();
  if (!tenant || tenant.status === 'suspended') return seeOther('/login');
  const used = await consumeSessionHandoff(directDb(), req.nextUrl.searchParams.get('token') ?? '', tenant.id);
  if (!used) return seeOther('/login?welcome=1');
  const user = await withTenant(tenant, (db) => findUserById(db, used.userId));
  if (!user) return seeOther('/login?welcome=1');
  return seeOther('/?welcome=1', await sessionCookie(req.headers, tenantIdentity(user, tenant.schema), SESSION_SECONDS));
}
