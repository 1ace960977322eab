import type { NextRequest } from 'next/server';
import { stopImpersonation } from '@/lib/features/auth/impersonation-session';

// POST /impersonate/stop: the banner's Stop button (a plain form, so it works without JavaScript).

export function POST(req: NextRequest): Promise<Response> {
  return stopImpersonation(req);
}
