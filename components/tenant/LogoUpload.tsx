'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert, Button, FieldShell } from '@/components/ui';

/**
 * Uploads the logo to /api/logo (a route handler: server actions cap bodies at 64 KB). The server
 * checks the size and the content; its sentence is shown as is.
 */
export function LogoUpload({ current }: { current: string | null }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function send(method: 'POST' | 'DELETE', body?: FormData) {
    setPending(true);
    setError(null);
    setMessage(null);
    try {
      const res = await fetch('/api/logo', { method, body });
      if (!res.ok) {
        const data = (await res.json().catch(() => null)) as { error?: string } | null;
        setError(data?.error ?? 'The upload failed. Please try again.');
        return;
      }
      setMessage(method === 'POST' ? 'The new logo is saved.' : 'The logo is removed.');
      router.refresh();
    } catch {
      setError('Could not reach the server. Check your connection and try again.');
    } finally {
      setPending(false);
    }
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const file = form.get('logo');
    if (!(file instanceof File) || file.size === 0) {
      setError('Choose an image file to upload.');
      return;
    }
    void send('POST', form);
  }

  return (
    <div className="space-y-4">
      {current ? (
        // eslint-disable-next-line @next/next/no-img-element -- the tenant's own upload
        <img
          src={current}
          alt="The current logo"
          className="h-16 w-auto max-w-[12rem] rounded border border-slate-200 object-contain p-1"
        />
      ) : (
        <p className="text-sm text-slate-700">No logo yet: the header shows the organisation’s name only.</p>
      )}
      {error ? <Alert tone="error">{error}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      <form onSubmit={onSubmit} className="space-y-3" noValidate>
        <FieldShell id="logo" label="Logo image" hint="PNG, JPEG or WebP, at most 1 MB.">
          <input
            id="logo"
            name="logo"
            type="file"
            accept="image/png,image/jpeg,image/webp"
            className="block text-sm"
            aria-describedby="logo-hint"
          />
        </FieldShell>
        <div className="flex flex-wrap gap-3">
          <Button type="submit" pending={pending} pendingLabel="Uploading…">
            Upload logo
          </Button>
          {current ? (
            <Button type="button" variant="secondary" disabled={pending} onClick={() => void send('DELETE')}>
              Remove logo
            </Button>
          ) : null}
        </div>
      </form>
    </div>
  );
}
