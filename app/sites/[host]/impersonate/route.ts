import type { NextRequest } from 'next/server';
import { startImpersonation } from '@/lib/features/auth/impersonation-session';

// GET /impersonate?token=… on a tenant host: a superuser's single-use "open as" link.

export function GET(req: NextRequest): Promise<Response> {
  return startImpersonation(req);
}
