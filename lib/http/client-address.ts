import type { NextRequest } from 'next/server';

/** The client's address for rate limiting: the first X-Forwarded-For hop, as set by Next's server. */
export function clientAddress(req: Pick<NextRequest, 'headers'>): string | null {
  const xff = req.headers.get('x-forwarded-for');
  if (xff) return xff.split(',')[0].trim() || null;
  return req.headers.get('x-real-ip');
}
