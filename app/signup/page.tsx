import type { Metadata } from 'next';
import { PublicShell } from '@/components/auth/PublicShell';
import { SignupForm } from '@/components/auth/SignupForm';
import { Card } from '@/components/ui';
import { rootDomain } from '@/lib/tenancy/routing';

export const metadata: Metadata = { title: 'Sign up' };
// ROOT_DOMAIN is read at request time, not baked in at build time.
export const dynamic = 'force-dynamic';

export default async function SignupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const wanted = (await searchParams).subdomain;
  return (
    <PublicShell narrow>
      <h1 className="mb-2 text-2xl font-bold text-slate-900">Sign up your organisation</h1>
      <p className="mb-6 text-sm text-slate-700">
        Your organisation gets its own address and a 14-day free trial. You become its first admin.
      </p>
      <Card>
        <SignupForm rootHost={rootDomain()} subdomain={typeof wanted === 'string' ? wanted : ''} />
      </Card>
    </PublicShell>
  );
}
