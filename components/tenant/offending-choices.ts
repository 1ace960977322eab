/** The server's limit on one choice (lib/features/polls/polls.ts), also the inputs' maxlength. */
export const CHOICE_MAX = 200;

export interface ChoiceRow {
  key: number;
  text: string;
}

/**
 * The rows a choices error is about, so only they are outlined (issue 24, item 25): repeated
 * answers, or too long ones; failing those, the empty rows (too few answers); else every row.
 */
export function offendingChoices(rows: ChoiceRow[]): Set<number> {
  const norm = (t: string) => t.trim().toLowerCase();
  const counts = new Map<string, number>();
  for (const r of rows) if (norm(r.text)) counts.set(norm(r.text), (counts.get(norm(r.text)) ?? 0) + 1);
  const bad = rows.filter((r) => (norm(r.text) && counts.get(norm(r.text))! > 1) || r.text.trim().length > CHOICE_MAX);
  if (bad.length) return new Set(bad.map((r) => r.key));
  const empty = rows.filter((r) => !norm(r.text));
  return new Set((empty.length ? empty : rows).map((r) => r.key));
}
