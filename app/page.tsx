import type { Metadata } from 'next';
import { PublicShell } from '@/components/auth/PublicShell';
import { connection } from 'next/server';
import { Card, LinkButton } from '@/components/ui';
import { rootDomain } from '@/lib/tenancy/routing';

export const metadata: Metadata = { title: { absolute: 'Quorum — polls for every organisation' } };

const features = [
  {
    title: 'Your own space',
    text: 'Every organisation gets its own address and its own database schema: nobody else’s polls, users or votes ever mix with yours.',
  },
  {
    title: 'Polls in seconds',
    text: 'Ask a question, add two to ten answers, share the link. Everyone votes once; results appear as a chart straight away.',
  },
  { title: 'You manage the people', text: 'The organisation’s admins add members and other admins. Members create polls and vote.' },
];

export default async function LandingPage() {
  await connection(); // the example address is this installation's (ROOT_DOMAIN at request time)
  return (
    <PublicShell>
      <section className="py-8 text-center sm:py-14">
        <h1 className="text-4xl font-extrabold tracking-tight text-slate-900 sm:text-5xl">Decisions, by quorum.</h1>
        <p className="mx-auto mt-4 max-w-2xl text-lg text-slate-700">
          Quorum is a polls portal for teams, clubs and companies. Sign up your organisation, invite your people and ask them what they
          think.
        </p>
        <div className="mt-8 flex flex-wrap justify-center gap-3">
          <LinkButton href="/signup">Sign up your organisation</LinkButton>
          <LinkButton href="/find-organisation" variant="secondary" aria-describedby="member-login-note">
            Log in as a member
          </LinkButton>
        </div>
        <p className="mt-4 text-sm text-slate-600">Free for 14 days. No card needed.</p>
        <p id="member-login-note" className="mt-1 text-sm text-slate-600">
          Members log in at their organisation’s own address; forgotten it? We email it to you.
        </p>
      </section>
      <section aria-labelledby="features" className="mt-6">
        <h2 id="features" className="sr-only">
          What you get
        </h2>
        <ul className="grid gap-4 sm:grid-cols-3">
          {features.map((f) => (
            <li key={f.title}>
              <Card as="article" title={f.title} level={3} className="h-full">
                <p className="text-sm text-slate-700">{f.text}</p>
              </Card>
            </li>
          ))}
        </ul>
      </section>
      {/* Two logins, told apart: members log in at their organisation's address, operators here. */}
      <section id="members" aria-labelledby="members-title" className="mt-10 text-center text-sm text-slate-700">
        <h2 id="members-title" className="text-base font-semibold text-slate-900">
          Already a member of an organisation?
        </h2>
        <p className="mt-1">
          Log in at your organisation’s own address, like{' '}
          <span className="font-mono [overflow-wrap:anywhere]" data-testid="example-address">
            your-team.{rootDomain()}
          </span>
          . Your admin can tell you which one it is.
        </p>
        <p className="mt-2">
          Forgotten the address?{' '}
          <a href="/find-organisation" className="font-semibold text-indigo-800 underline underline-offset-4">
            Find your organisation
          </a>{' '}
          by email.
        </p>
        <p className="mt-4">
          Running this Quorum installation?{' '}
          <a href="/login" className="font-semibold text-indigo-800 underline underline-offset-4">
            Operator log in
          </a>
        </p>
      </section>
    </PublicShell>
  );
}
