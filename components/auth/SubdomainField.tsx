'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { FieldShell, describedBy, inputClass } from '@/components/ui';
import { checkSubdomain, type AvailabilityResult } from '@/lib/features/organisation/actions/signup';

const DEBOUNCE_MS = 350;

/**
 * Subdomain input with a debounced, live availability check. The server re-checks on submit
 * (and the database decides races); this is only a hint.
 */
export function SubdomainField({ defaultValue = '', error, rootHost }: { defaultValue?: string; error?: string | null; rootHost: string }) {
  const t = useTranslations('signup.subdomain');
  const [value, setValue] = useState(defaultValue);
  const [result, setResult] = useState<AvailabilityResult | null>(null);
  // Set when the value changes (in the change handler), cleared when its check answers.
  const [pending, setPending] = useState(defaultValue.trim() !== '');
  // The server's error stands until the visitor edits the field; then the live check takes over.
  const [edited, setEdited] = useState(false);
  const latest = useRef(0);

  useEffect(() => {
    const sub = value.trim().toLowerCase();
    if (sub === '') return; // nothing to check; the render shows no result for an empty field
    const ticket = ++latest.current;
    const timer = setTimeout(async () => {
      try {
        const r = await checkSubdomain(sub);
        if (ticket === latest.current) setResult(r);
      } catch {
        if (ticket === latest.current) setResult(null);
      } finally {
        if (ticket === latest.current) setPending(false);
      }
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [value]);

  const empty = value.trim() === '';
  const checking = !empty && pending;
  const shown = empty ? null : result;
  const id = 'field-subdomain';
  const shownError = edited ? null : error;
  const live = shownError ? '' : checking ? t('checking') : (shown?.message ?? '');
  const tone = !checking && shown ? (shown.available ? 'text-green-800' : 'text-red-700') : 'text-slate-600';
  const hint = t('hint', { root: rootHost });
  return (
    <FieldShell id={id} label={t('label')} error={shownError} hint={hint}>
      <div className="flex items-stretch">
        <input
          id={id}
          name="subdomain"
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setEdited(true);
            setPending(true);
          }}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
          aria-invalid={!!shownError || (!checking && shown ? !shown.available : undefined)}
          aria-describedby={[describedBy(id, shownError, hint), `${id}-status`].filter(Boolean).join(' ')}
          className={inputClass(!!shownError, 'rounded-r-none')}
        />
        <span className="inline-flex items-center rounded-r-md border border-l-0 border-slate-400 bg-slate-100 px-3 text-sm text-slate-700">
          .{rootHost}
        </span>
      </div>
      <p id={`${id}-status`} aria-live="polite" className={`min-h-5 text-sm ${tone}`}>
        {live}
      </p>
    </FieldShell>
  );
}
