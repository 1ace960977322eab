import { Alert } from '@/components/ui';

/** Shown on every page of an expired (read-only) tenant. */
export function ReadOnlyNotice({ paidUntil }: { paidUntil: string | null }) {
  return (
    <Alert tone="warning" title="Read-only: subscription expired" className="mb-6">
      This organisation’s subscription ended{paidUntil ? ` on ${paidUntil}` : ''}. You can still read polls and results, but nothing can be
      created, voted on or changed until the subscription is renewed.
    </Alert>
  );
}
