import { useTranslations } from 'next-intl';

/**
 * "May anyone read your polls through the JSON API?" as two radios (signup and the tenant's
 * settings). Anonymous answers never carry emails either way; "off" needs a token for every read.
 */
export function PublicReadsField({ defaultValue, error }: { defaultValue: 'on' | 'off'; error?: string }) {
  const t = useTranslations('signup.publicReads');
  const option = (value: 'on' | 'off', label: string, hint: string) => (
    <label className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-50 has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-indigo-600">
      <input
        type="radio"
        name="publicReads"
        value={value}
        defaultChecked={defaultValue === value}
        className="mt-0.5 h-4 w-4 accent-indigo-700"
      />
      <span>
        <span className="block font-medium text-slate-900">{label}</span>
        <span className="block text-slate-700">{hint}</span>
      </span>
    </label>
  );
  return (
    <fieldset aria-describedby={error ? 'field-publicReads-error' : undefined}>
      <legend className="mb-2 text-sm font-medium text-slate-800">{t('legend')}</legend>
      <div className="space-y-2">
        {option('off', t('offLabel'), t('offHint'))}
        {option('on', t('onLabel'), t('onHint'))}
      </div>
      {error ? (
        <p id="field-publicReads-error" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
