import type { NextRequest } from 'next/server';
import { startHandoffSession } from '@/lib/features/auth/handoff-session';

// GET /welcome?token=… on a tenant host: signup's single-use handoff into a signed-in session.

export function GET(req: NextRequest): Promise<Response> {
  return startHandoffSession(req);
}
