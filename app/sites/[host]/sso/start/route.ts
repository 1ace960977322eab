import type { NextRequest } from 'next/server';
import { startSso } from '@/lib/features/auth/sso-flow';

// GET /sso/start on a tenant host: single sign-on with the organisation's OpenID provider (issue 23).

export const dynamic = 'force-dynamic';

export function GET(req: NextRequest): Promise<Response> {
  return startSso(req);
}
