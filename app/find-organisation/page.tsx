import type { Metadata } from 'next';
import { FindOrganisationForm } from '@/components/auth/FindOrganisationForm';
import { PublicShell } from '@/components/auth/PublicShell';
import { Card } from '@/components/ui';

export const metadata: Metadata = { title: 'Find your organisation' };

/** Root host: a member who does not know their organisation's address gets it by email. */
export default function FindOrganisationPage() {
  return (
    <PublicShell narrow>
      <h1 className="mb-2 text-2xl font-bold text-slate-900">Find your organisation</h1>
      <p className="mb-6 text-sm text-slate-700">
        Members log in at their organisation’s own address. Enter your email and we will send you the address of every organisation where it
        has an account.
      </p>
      <Card>
        <FindOrganisationForm />
      </Card>
      <p className="mt-6 text-center text-sm text-slate-700">
        Running this Quorum installation?{' '}
        <a href="/login" className="font-semibold text-indigo-800 underline underline-offset-4">
          Operator log in
        </a>
      </p>
    </PublicShell>
  );
}
