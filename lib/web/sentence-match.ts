// Sentences the lib code says in English (zod messages, UserErrors, the JSON API's words) that a
// form or page shows (issue 25, part 3): the English catalogue is the table. A sentence is found
// by its English text (simple {placeholders} match any text and are handed back as values), so the
// lib and the API keep their English and the UI side translates. Pure: the client uses it too.

type Table = Record<string, string>;
export interface SentenceMatch<K extends string> {
  key: K;
  values: Record<string, string>;
}

interface Pattern<K extends string> {
  key: K;
  re: RegExp;
  names: string[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One matcher per table: exact sentences by lookup, sentences with {placeholders} by pattern. */
export function sentenceMatcher<T extends Table>(table: T): (sentence: string) => SentenceMatch<keyof T & string> | null {
  type K = keyof T & string;
  const exact = new Map<string, K>();
  const patterns: Pattern<K>[] = [];
  for (const [key, english] of Object.entries(table) as [K, string][]) {
    const parts = english.split(/\{(\w+)\}/);
    if (parts.length === 1) {
      exact.set(english, key);
      continue;
    }
    const names = parts.filter((_, i) => i % 2 === 1);
    const source = parts.map((p, i) => (i % 2 === 1 ? '(.+?)' : escape(p))).join('');
    patterns.push({ key, names, re: new RegExp(`^${source}$`, 's') });
  }
  return (sentence) => {
    const key = exact.get(sentence);
    if (key) return { key, values: {} };
    for (const p of patterns) {
      const m = p.re.exec(sentence);
      if (m) return { key: p.key, values: Object.fromEntries(p.names.map((n, i) => [n, m[i + 1]!])) };
    }
    return null;
  };
}
