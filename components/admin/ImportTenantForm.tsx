'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button, Field, FieldShell, FormError, describedBy, inputClass } from '@/components/ui';

interface Answer {
  error?: string;
  field?: string;
  href?: string;
}

/**
 * Restores an export file (from `tenants export` or the tenant page's "Download export") as a
 * new tenant. Sent with fetch to /admin/import: a file is too big for a server action's body.
 */
export function ImportTenantForm() {
  const t = useTranslations('admin');
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [answer, setAnswer] = useState<Answer>({});
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setAnswer({});
    try {
      const res = await fetch('/admin/import', { method: 'POST', body: new FormData(e.currentTarget) });
      const body = (await res.json().catch(() => ({ error: t('import.notJson') }))) as Answer;
      if (res.ok && body.href) return router.push(body.href);
      setAnswer(body.error ? body : { error: t('import.failed', { status: String(res.status) }) });
    } catch {
      setAnswer({ error: t('import.unreachable') });
    } finally {
      setPending(false);
    }
  }
  const fe = (f: string) => (answer.field === f ? answer.error : undefined);
  const general = answer.error && !['file', 'schema', 'domain'].includes(answer.field ?? '') ? answer.error : undefined;
  return (
    <form onSubmit={submit} className="space-y-4" noValidate encType="multipart/form-data">
      <FormError message={general} />
      <FieldShell id="field-file" label={t('import.file')} error={fe('file')} hint={t('import.fileHint')}>
        <input
          id="field-file"
          name="file"
          type="file"
          accept=".qexport,application/gzip"
          required
          className={inputClass(!!fe('file'))}
          aria-invalid={fe('file') ? true : undefined}
          aria-describedby={describedBy('field-file', fe('file'), true)}
        />
      </FieldShell>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          name="schema"
          id="field-import-schema"
          label={t('forms.newSchema')}
          error={fe('schema')}
          required
          maxLength={63}
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
        />
        <Field
          name="domain"
          id="field-import-domain"
          label={t('import.domain')}
          error={fe('domain')}
          autoComplete="off"
          spellCheck={false}
          hint={t('import.domainHint')}
        />
      </div>
      <Button type="submit" variant="secondary" pending={pending} pendingLabel={t('import.pending')}>
        {t('import.submit')}
      </Button>
    </form>
  );
}
