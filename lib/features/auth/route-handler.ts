import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptionsFor } from './next-auth';
import { scopeForRequest } from './session';

/** /api/auth/* on every host, with options bound to the request host's scope. */
export async function authHandler(req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  const scope = await scopeForRequest();
  return NextAuth(req, ctx, authOptionsFor(scope)) as Promise<Response>;
}
