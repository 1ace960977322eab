// Browser-style login through next-auth's credentials flow (csrf → callback), for page benches.
import type { IncomingHttpHeaders } from 'node:http';
import { request } from '@/harness/app-server';

function cookiesOf(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of headers['set-cookie'] ?? []) {
    const [pair] = c.split(';');
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

const cookieHeader = (jar: Record<string, string>) =>
  Object.entries(jar)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');

/** Logs in on `host` (a tenant host with port) and returns the Cookie header of the session. */
export async function nextAuthLogin(port: number, host: string, email: string, password: string): Promise<string> {
  const csrf = await request<{ csrfToken: string }>(port, host, 'GET', '/api/auth/csrf');
  if (csrf.status !== 200 || !csrf.body?.csrfToken) throw new Error(`GET /api/auth/csrf: ${csrf.status} ${csrf.text.slice(0, 200)}`);
  const jar = cookiesOf(csrf.headers);
  const body = new URLSearchParams({
    csrfToken: csrf.body.csrfToken,
    email,
    password,
    callbackUrl: `http://${host}/`,
    json: 'true',
  }).toString();
  const cb = await request(port, host, 'POST', '/api/auth/callback/credentials', {
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
  });
  Object.assign(jar, cookiesOf(cb.headers));
  const session = Object.keys(jar).find((k) => k.endsWith('next-auth.session-token'));
  if (!session) throw new Error(`login on ${host} gave no session cookie: ${cb.status} ${cb.text.slice(0, 200)}`);
  return cookieHeader({ [session]: jar[session] });
}
