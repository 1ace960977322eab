'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { Alert, Button, FieldShell } from '@/components/ui';
import { useFormatter, useTranslations } from 'next-intl';

type LogoT = ReturnType<typeof useTranslations<'settings.logo'>>;

// The upload route (lib/api, English for API clients) refuses a file with one of these sentences:
// shown in the reader's language here; any other sentence as it is.
const SERVER_SENTENCES = {
  'Choose an image file to upload.': 'chooseFile',
  'The logo is larger than 1 MB; upload a smaller image.': 'tooLarge',
  'The logo must be a PNG, JPEG or WebP image (this file is none of them).': 'wrongType',
} as const;

function logoError(t: LogoT, sentence: string | undefined): string {
  if (!sentence) return t('failed');
  return Object.hasOwn(SERVER_SENTENCES, sentence) ? t(SERVER_SENTENCES[sentence as keyof typeof SERVER_SENTENCES]) : sentence;
}

/**
 * Uploads the logo to /api/logo (a route handler: server actions cap bodies at 64 KB). The server
 * checks the size and the content; its sentence is shown as is.
 */
export function LogoUpload({ current }: { current: string | null }) {
  const t = useTranslations('settings.logo');
  const format = useFormatter();
  // A size as people read it (1024-based, one decimal), with the reader's decimal mark.
  const bytes = (n: number) => {
    const units = ['B', 'kB', 'MB', 'GB'];
    let v = n;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    const digits = i === 0 ? 0 : 1;
    return `${format.number(v, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false })} ${units[i]}`;
  };
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // The chosen file, before upload: its name and size in words and a preview.
  const [chosen, setChosen] = useState<{ name: string; size: number; url: string } | null>(null);
  useEffect(() => () => (chosen ? URL.revokeObjectURL(chosen.url) : undefined), [chosen]);

  function onChoose(e: ChangeEvent<HTMLInputElement>) {
    const file = e.currentTarget.files?.[0];
    setError(null);
    setMessage(null);
    setChosen(file ? { name: file.name, size: file.size, url: URL.createObjectURL(file) } : null);
  }

  async function send(method: 'POST' | 'DELETE', body?: FormData): Promise<boolean> {
    setPending(true);
    setError(null);
    setMessage(null);
    try {
      const res = await fetch('/api/logo', { method, body });
      if (!res.ok) {
        const data = (await res.json().catch(() => null)) as { error?: string } | null;
        setError(logoError(t, data?.error));
        return false;
      }
      setMessage(method === 'POST' ? t('saved') : t('removed'));
      if (method === 'POST') setChosen(null);
      router.refresh();
      return true;
    } catch {
      setError(t('offline'));
      return false;
    } finally {
      setPending(false);
    }
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const file = form.get('logo');
    if (!(file instanceof File) || file.size === 0) {
      setError(t('chooseFile'));
      return;
    }
    void send('POST', form).then((ok) => ok && formEl.reset());
  }

  return (
    <div className="space-y-4">
      {current ? (
        // eslint-disable-next-line @next/next/no-img-element -- the tenant's own upload
        <img src={current} alt={t('current')} className="h-16 w-auto max-w-[12rem] rounded border border-slate-200 object-contain p-1" />
      ) : (
        <p className="text-sm text-slate-700">{t('none')}</p>
      )}
      {error ? <Alert tone="error">{error}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      <form onSubmit={onSubmit} className="space-y-3" noValidate>
        <FieldShell id="logo" label={t('field')} hint={t('hint')}>
          {/* The native input (keyboard and screen readers know it), its button styled like ours. */}
          <input
            id="logo"
            name="logo"
            type="file"
            accept="image/png,image/jpeg,image/webp"
            onChange={onChoose}
            className="block w-full max-w-md cursor-pointer rounded-md border border-dashed border-slate-400 bg-slate-50 p-2 text-sm text-slate-700 file:mr-3 file:cursor-pointer file:rounded-md file:border-0 file:bg-indigo-700 file:px-3 file:py-2 file:text-sm file:font-semibold file:text-white hover:file:bg-indigo-800 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            aria-describedby="logo-hint logo-chosen"
          />
        </FieldShell>
        <div id="logo-chosen" aria-live="polite" className="flex min-w-0 items-center gap-3 text-sm text-slate-800">
          {chosen ? (
            <>
              {/* eslint-disable-next-line @next/next/no-img-element -- a local preview (blob: URL) */}
              <img
                src={chosen.url}
                alt={t('preview')}
                className="h-16 w-auto max-w-[12rem] shrink-0 rounded border border-slate-200 object-contain p-1"
                data-testid="logo-preview"
              />
              <span className="min-w-0 [overflow-wrap:anywhere]" data-testid="logo-chosen">
                {t.rich('chosen', {
                  name: chosen.name,
                  size: bytes(chosen.size),
                  file: (chunks) => <span className="font-medium">{chunks}</span>,
                })}
              </span>
            </>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-3">
          <Button type="submit" pending={pending} pendingLabel={t('uploading')}>
            {t('upload')}
          </Button>
          {current ? (
            <Button type="button" variant="secondary" disabled={pending} onClick={() => void send('DELETE')}>
              {t('remove')}
            </Button>
          ) : null}
        </div>
      </form>
    </div>
  );
}
