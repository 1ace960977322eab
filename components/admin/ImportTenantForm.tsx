'use client';

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
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [answer, setAnswer] = useState<Answer>({});
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setAnswer({});
    try {
      const res = await fetch('/admin/import', { method: 'POST', body: new FormData(e.currentTarget) });
      const body = (await res.json().catch(() => ({ error: 'The server answered with something other than JSON.' }))) as Answer;
      if (res.ok && body.href) return router.push(body.href);
      setAnswer(body.error ? body : { error: `Import failed (HTTP ${res.status}).` });
    } catch {
      setAnswer({ error: 'The server could not be reached; nothing was imported.' });
    } finally {
      setPending(false);
    }
  }
  const fe = (f: string) => (answer.field === f ? answer.error : undefined);
  const general = answer.error && !['file', 'schema', 'domain'].includes(answer.field ?? '') ? answer.error : undefined;
  return (
    <form onSubmit={submit} className="space-y-4" noValidate encType="multipart/form-data">
      <FormError message={general} />
      <FieldShell
        id="field-file"
        label="Export file"
        error={fe('file')}
        hint="A .qexport file. It is checked whole before anything is written."
      >
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
          label="New schema name"
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
          label="Primary domain (optional)"
          error={fe('domain')}
          autoComplete="off"
          spellCheck={false}
          hint="Leave empty to keep the export’s own domains (they must be free)."
        />
      </div>
      <Button type="submit" variant="secondary" pending={pending} pendingLabel="Importing…">
        Import tenant
      </Button>
    </form>
  );
}
