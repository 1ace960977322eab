import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/LoginForm';
import { PublicShell } from '@/components/auth/PublicShell';
import { param, safeNext } from '@/components/auth/safe-next';
import { Card } from '@/components/ui';
import { currentIdentity } from '@/lib/features/auth/session';
import { rootDomain } from '@/lib/tenancy/routing';

export const metadata: Metadata = { title: 'Log in' };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Root host login: superusers (the operators). Tenant users log in on their organisation's host. */
export default async function RootLoginPage({ searchParams }: { searchParams: Search }) {
  const sp = await searchParams;
  const next = safeNext(sp.callbackUrl, '/admin');
  const id = await currentIdentity();
  if (id?.kind === 'superuser') redirect(next);
  return (
    <PublicShell narrow>
      <h1 className="mb-2 text-2xl font-bold text-slate-900">Log in to Quorum</h1>
      <p className="mb-6 text-sm text-slate-700">
        Operator log in, for the people who run this Quorum installation. Members of an organisation log in at the organisation’s own
        address (like your-team.{rootDomain()});{' '}
        <a href="/find-organisation" className="font-semibold text-indigo-800 underline underline-offset-4">
          find yours by email
        </a>
        .
      </p>
      <Card>
        <LoginForm next={next} defaultEmail={param(sp.email) ?? ''} initialError={param(sp.error) ?? null} />
      </Card>
      <p className="mt-6 text-center text-sm text-slate-700">
        New here?{' '}
        <a href="/signup" className="font-semibold text-indigo-800 underline underline-offset-4">
          Sign up your organisation
        </a>
      </p>
    </PublicShell>
  );
}
