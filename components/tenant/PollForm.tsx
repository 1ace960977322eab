'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button, Field, FieldShell, FormError, Input, initialFormState, bannerError } from '@/components/ui';
import { createPollAction, updatePollAction } from '@/lib/features/polls/actions/polls';
import { CheckboxField } from '@/components/admin/CheckboxField';
import { ClosingTimeField } from './ClosingTimeField';
import { CHOICE_MAX, offendingChoices, type ChoiceRow } from './offending-choices';

const MIN = 2;
const MAX = 10;
/** The server's limit (lib/features/polls/polls.ts), also as maxlength on the input. */
const QUESTION_MAX = 300;

type Row = ChoiceRow;

export interface PollFormProps {
  mode: 'create' | 'edit';
  pollId?: number;
  question?: string;
  choices?: string[];
  /** The poll has votes: choices may be reworded but not added or removed. */
  lockCount?: boolean;
  /** The current closing time (ISO), if any. */
  closesAt?: string | null;
  /** The poll's voting options as saved (edit) or their defaults (create). */
  allowVoteChange?: boolean;
  hideResults?: boolean;
  /** Voting has ended: the options are frozen (they apply again if a new closing time reopens it). */
  closed?: boolean;
  /** The poll's version when the editor opened it (edit): a save from an outdated form is refused. */
  version?: string;
}

/** Question + 2–10 choices, added and removed in place. Controlled, so values survive an error. */
export function PollForm({
  mode,
  pollId,
  question = '',
  choices = ['', ''],
  lockCount = false,
  closesAt = null,
  allowVoteChange = false,
  hideResults = false,
  closed = false,
  version,
}: PollFormProps) {
  const t = useTranslations('polls.form');
  const [state, action] = useActionState(mode === 'create' ? createPollAction : updatePollAction, initialFormState);
  const [q, setQ] = useState(question);
  // Controlled, like the texts: a failed submit must not reset the boxes.
  const [changeVote, setChangeVote] = useState(allowVoteChange);
  const [hide, setHide] = useState(hideResults);
  const nextKey = useRef(choices.length);
  const [rows, setRows] = useState<Row[]>(() => choices.map((text, key) => ({ key, text })));
  // The row to focus once the add/remove that named it has rendered.
  const focusKey = useRef<number | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const key = focusKey.current;
    if (key === null) return;
    focusKey.current = null;
    listRef.current?.querySelector<HTMLInputElement>(`input[data-key="${key}"]`)?.focus();
  }, [rows]);

  const add = () => {
    if (rows.length >= MAX) return;
    const key = nextKey.current++;
    focusKey.current = key;
    setRows((r) => [...r, { key, text: '' }]);
  };
  const remove = (key: number) => {
    if (rows.length <= MIN) return;
    const i = rows.findIndex((r) => r.key === key);
    const rest = rows.filter((r) => r.key !== key);
    const target = rest[Math.min(i, rest.length - 1)];
    if (target) focusKey.current = target.key;
    setRows(rest);
    if (!target) addRef.current?.focus();
  };
  const edit = (key: number, text: string) => setRows((r) => r.map((row) => (row.key === key ? { ...row, text } : row)));

  const fe = state.fieldErrors ?? {};
  const choicesError = fe.choices;
  const offending = choicesError ? offendingChoices(rows) : new Set<number>();
  return (
    <form action={action} className="space-y-6" noValidate>
      <FormError message={bannerError(state)} />
      {pollId !== undefined ? <input type="hidden" name="id" value={pollId} /> : null}
      {version ? <input type="hidden" name="version" value={state.values?.version || version} /> : null}
      <Field
        name="question"
        label={t('question')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        error={fe.question}
        required
        maxLength={QUESTION_MAX}
        autoFocus={mode === 'create'}
      />
      <fieldset aria-describedby={[choicesError ? 'choices-error' : null, 'choices-hint'].filter(Boolean).join(' ')}>
        <legend className="text-sm font-medium text-slate-800">{t('choices')}</legend>
        <p id="choices-hint" className="mt-1 text-xs text-slate-600">
          {lockCount ? t('lockedHint') : t('hint', { min: MIN, max: MAX })}
        </p>
        <ol ref={listRef} className="mt-3 space-y-2">
          {rows.map((row, i) => (
            <li key={row.key} className="flex items-end gap-2">
              <FieldShell id={`choice-${row.key}`} label={t('choice', { n: i + 1 })} className="flex-1">
                <Input
                  id={`choice-${row.key}`}
                  data-key={row.key}
                  name="choice"
                  value={row.text}
                  onChange={(e) => edit(row.key, e.target.value)}
                  maxLength={CHOICE_MAX}
                  invalid={offending.has(row.key)}
                />
              </FieldShell>
              {!lockCount ? (
                <Button
                  type="button"
                  variant="ghost"
                  onClick={() => remove(row.key)}
                  disabled={rows.length <= MIN}
                  aria-label={t('removeLabel', { n: i + 1 })}
                  className="px-3"
                >
                  {t('remove')}
                </Button>
              ) : null}
            </li>
          ))}
        </ol>
        {choicesError ? (
          <p id="choices-error" className="mt-2 text-sm text-red-700" role="alert">
            {choicesError}
          </p>
        ) : null}
        {!lockCount ? (
          <div className="mt-3 flex items-center gap-3">
            <Button ref={addRef} type="button" variant="secondary" onClick={add} disabled={rows.length >= MAX}>
              {t('add')}
            </Button>
            <span className="text-xs text-slate-600" aria-live="polite">
              {t('counter', { count: rows.length, max: MAX })}
            </span>
          </div>
        ) : null}
      </fieldset>
      <ClosingTimeField initial={closesAt} error={fe.closes_at} />
      <fieldset className="space-y-3" aria-describedby={closed ? 'vote-options-closed' : undefined}>
        <legend className="text-sm font-medium text-slate-800">{t('voting')}</legend>
        {closed ? (
          <p id="vote-options-closed" className="text-xs text-slate-600">
            {t('closedOptions')}
          </p>
        ) : null}
        <input type="hidden" name="allow_vote_change_initial" value={String(allowVoteChange)} />
        <input type="hidden" name="hide_results_initial" value={String(hideResults)} />
        <CheckboxField
          name="allow_vote_change"
          label={t('allowChange')}
          hint={t('allowChangeHint')}
          checked={changeVote}
          onChange={(e) => setChangeVote(e.target.checked)}
          error={fe.allow_vote_change}
        />
        <CheckboxField
          name="hide_results"
          label={t('hideResults')}
          hint={t('hideResultsHint')}
          checked={hide}
          onChange={(e) => setHide(e.target.checked)}
          error={fe.hide_results}
        />
      </fieldset>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" pendingLabel={mode === 'create' ? t('creating') : t('saving')}>
          {mode === 'create' ? t('create') : t('save')}
        </Button>
      </div>
    </form>
  );
}
