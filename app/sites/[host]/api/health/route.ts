import { NextResponse } from 'next/server';
import { tenantRoute } from '@/lib/http/tenant-route';

export const GET = tenantRoute(async (ctx) => NextResponse.json({ ok: true, tenant: ctx.tenant.schema }));
