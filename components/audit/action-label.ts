// An audit action code in words, in the reader's language (the catalogue's audit.actions, nested
// by the code's dots: 'user.invite' → audit.actions.user.invite). An unknown code is shown as it is.
// The code itself stays the record and the filter's value.

/** The part of a t() of the 'audit' namespace this needs (from useTranslations or getTranslations). */
export interface AuditT {
  has(key: never): boolean;
  (key: never): string;
}

export function auditActionLabel(t: AuditT, action: string): string {
  // Only codes of the form 'a.b' with plain parts; anything else could name a catalogue branch.
  if (!/^[a-z_]+\.[a-z_]+$/.test(action)) return action;
  const key = `actions.${action}` as never;
  return t.has(key) ? t(key) : action;
}
