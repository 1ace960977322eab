import { NextResponse, type NextRequest } from 'next/server';
import { isUnavailableError, pooledDb } from '@/lib/db/pool';
import { log } from '@/lib/log';
import { servesDomain } from '@/lib/tenancy/domain-verification';

// Caddy's on-demand TLS `ask`: 200 = issue a certificate for this host, anything else = refuse.
// Only verified domains (tenant subdomains are verified on creation) get one, so nobody can make
// the proxy request certificates for names we do not serve. Root host only (tenant hosts 404).
export async function GET(req: NextRequest) {
  const domain = req.nextUrl.searchParams.get('domain') ?? '';
  try {
    if (domain && (await servesDomain(domain, pooledDb()))) return NextResponse.json({ ok: true, domain: domain.toLowerCase() });
    return NextResponse.json({ error: 'Not a verified domain of any organisation.' }, { status: 404 });
  } catch (err) {
    if (isUnavailableError(err)) return NextResponse.json({ error: 'The service is temporarily unavailable.' }, { status: 503 });
    log.error({ err }, 'tls-ask failed');
    return NextResponse.json({ error: 'Something went wrong on our side.' }, { status: 500 });
  }
}
