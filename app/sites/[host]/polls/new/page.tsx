import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { PollForm } from '@/components/tenant/PollForm';
import { Alert, Card, PageHeader } from '@/components/ui';
import { requireTenantUser } from '@/lib/features/auth/session';

export const generateMetadata = tenantPageMetadata('New poll');

export default async function NewPollPage() {
  const ctx = await requireTenantUser({ next: '/polls/new' });
  return (
    <>
      <PageHeader title="New poll" description="Ask a question and give two to ten possible answers." />
      {ctx.readOnly ? (
        <Alert tone="warning">New polls cannot be created while the organisation is read-only.</Alert>
      ) : (
        <Card>
          <PollForm mode="create" />
        </Card>
      )}
    </>
  );
}
