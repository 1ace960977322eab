// next-auth's credentials callback as the login form posts it (CSRF token first): the session
// cookie it set, or the error code the form would show (e.g. CredentialsSignin, TwoFactorWrong).
import { request, type HttpResult } from './app-server';

export const cookiesOf = (r: HttpResult) => (r.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');

export async function browserLogin(
  port: number,
  host: string,
  email: string,
  password: string,
  code?: string,
): Promise<{ session: string | null; error: string | null }> {
  const csrf = await request<{ csrfToken: string }>(port, host, 'GET', '/api/auth/csrf');
  const body = new URLSearchParams({ csrfToken: csrf.body.csrfToken, email, password, json: 'true', ...(code ? { code } : {}) });
  const r = await request<{ url?: string }>(port, host, 'POST', '/api/auth/callback/credentials', {
    body: body.toString(),
    headers: { cookie: cookiesOf(csrf), 'content-type': 'application/x-www-form-urlencoded' },
  });
  const session = cookiesOf(r)
    .split('; ')
    .find((c) => c.startsWith('next-auth.session-token=') && c.length > 'next-auth.session-token='.length);
  const url = r.body?.url ?? r.headers.location ?? '';
  const error = url.includes('error=') ? new URL(String(url), 'http://x').searchParams.get('error') : null;
  return { session: session ?? null, error };
}
