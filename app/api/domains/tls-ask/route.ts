import { NextResponse, type NextRequest } from 'next/server';
import { isServedDomain } from '@/lib/platform/domain-reads';
import { errorResponse, jsonError } from '@/lib/http/tenant-route';
import { log } from '@/lib/infra/log';

// Caddy's on-demand TLS `ask`: 200 = issue a certificate for this host, anything else = refuse.
// Only verified domains (tenant subdomains are verified on creation) get one, so nobody can make
// the proxy request certificates for names we do not serve. Root host only (tenant hosts 404).
export async function GET(req: NextRequest) {
  const domain = req.nextUrl.searchParams.get('domain') ?? '';
  try {
    if (domain && (await isServedDomain(domain))) return NextResponse.json({ ok: true, domain: domain.toLowerCase() });
    return jsonError(404, 'Not a verified domain of any organisation.');
  } catch (err) {
    return errorResponse(err, log);
  }
}
