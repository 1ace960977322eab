// The tenant JSON API through Next (`next dev`, `next start`): the same app server.ts serves
// directly (lib/api). next-auth keeps its own, more specific route (../auth/[...nextauth]).
import { nextApiHandler } from '@/lib/api/next';

export const dynamic = 'force-dynamic';

const handler = nextApiHandler('tenant');
export const GET = handler;
export const POST = handler;
export const PUT = handler;
export const PATCH = handler;
export const DELETE = handler;
