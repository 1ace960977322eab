import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { PollForm } from '@/components/tenant/PollForm';
import { Alert, Card, PageHeader } from '@/components/ui';
import { requireTenantUser } from '@/lib/features/auth/session';

export async function generateMetadata(): Promise<Metadata> {
  return tenantPageMetadata((await getTranslations('polls.new'))('title'))();
}

export default async function NewPollPage() {
  const ctx = await requireTenantUser({ next: '/polls/new' });
  const t = await getTranslations('polls.new');
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      {ctx.readOnly ? (
        <Alert tone="warning">{t('readOnly')}</Alert>
      ) : (
        <Card>
          <PollForm mode="create" />
        </Card>
      )}
    </>
  );
}
