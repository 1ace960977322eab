import { LinkButton } from '@/components/ui';

/** notFound() inside a known tenant (a poll that does not exist here). */
export default function TenantNotFound() {
  return (
    <div className="mx-auto max-w-lg py-12 text-center">
      <h1 className="text-2xl font-bold text-slate-900">Not found</h1>
      <p className="mt-3 text-slate-700">There is no such poll or page in this organisation. It may have been deleted.</p>
      <div className="mt-6">
        <LinkButton href="/" variant="secondary">
          Back to all polls
        </LinkButton>
      </div>
    </div>
  );
}
