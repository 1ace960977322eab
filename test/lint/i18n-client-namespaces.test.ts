// Every page is given only its area's part of the catalogue for the browser (messages/index.ts,
// CLIENT_NAMESPACES; app/layout.tsx). This holds the components to it: a file under app/ or
// components/ that calls useTranslations('ns…') — itself or through anything it imports — may ask
// only for the namespaces of every area it can be rendered in (app/sites/ and components/tenant/:
// an organisation's host; the rest of app/ and components/admin/: the root host; anything else:
// both). A file counts if it runs in the browser: it says 'use client', or a file that does imports
// it (directly or not). Server components read the whole catalogue on the server and do not count.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_NAMESPACES, type ClientArea } from '@/messages';
import { sourceFiles } from '@/scripts/i18n-literals';

const ROOT = path.resolve(__dirname, '../..');

function areasOf(file: string): ClientArea[] {
  if (file.startsWith('app/sites/') || file.startsWith('components/tenant/')) return ['tenant'];
  if (file.startsWith('app/') || file.startsWith('components/admin/')) return ['root'];
  return ['tenant', 'root'];
}

/** The app/ and components/ files a file imports (by '@/…' or a relative path). */
function importsOf(file: string, text: string, known: Set<string>): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
    const spec = m[1];
    const base = spec.startsWith('@/') ? spec.slice(2) : spec.startsWith('.') ? path.join(path.dirname(file), spec) : null;
    if (!base) continue;
    const hit = [`${base}.tsx`, `${base}.ts`, `${base}/index.tsx`, `${base}/index.ts`].find((c) => known.has(c));
    if (hit) out.push(hit);
  }
  return out;
}

// Relative to the project, as the area rules and the imports' '@/…' name them.
const files = sourceFiles(
  ['app', 'components'].map((d) => path.join(ROOT, d)),
  (f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f),
).map((f) => path.relative(ROOT, f));
const known = new Set(files);
const text = new Map(files.map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')]));
/** The top-level namespaces a file asks useTranslations for ('*' for a call without one). */
const own = new Map(
  files.map((f) => [
    f,
    [...text.get(f)!.matchAll(/useTranslations\(\s*(?:'([^']*)')?\s*\)/g)].map((m) => (m[1] ? m[1].split('.')[0] : '*')),
  ]),
);
const edges = new Map(files.map((f) => [f, importsOf(f, text.get(f)!, known)]));

/** The files that run in the browser: the 'use client' ones and everything they import. */
const client = new Set<string>();
const markClient = (f: string) => {
  if (client.has(f)) return;
  client.add(f);
  for (const g of edges.get(f)!) markClient(g);
};
for (const f of files) if (/^\s*(?:\/\/[^\n]*\n\s*)*['"]use client['"]/.test(text.get(f)!)) markClient(f);

/** The namespaces a file needs on the client, with the file that asks for each. */
function needs(file: string): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Set<string>();
  const walk = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    if (client.has(f)) for (const ns of own.get(f)!) if (!out.has(ns)) out.set(ns, f);
    for (const g of edges.get(f) ?? []) walk(g);
  };
  walk(file);
  return out;
}

describe('client components ask only for their area’s namespaces', () => {
  it('finds the components that use translations (the scan itself works)', () => {
    const users = files.filter((f) => own.get(f)!.length > 0);
    expect(users.length).toBeGreaterThan(30);
    expect(own.get('components/tenant/VoteForm.tsx')).toEqual(['polls']);
    expect(edges.get('components/tenant/PollForm.tsx')).toContain('components/admin/CheckboxField.tsx');
    // A client component, one only a client component imports, and a server component.
    expect(client.has('components/tenant/VoteForm.tsx')).toBe(true);
    expect(client.has('components/tenant/RoleField.tsx')).toBe(true);
    expect(client.has('components/audit/AuditTable.tsx')).toBe(false);
  });

  it.each(files)('%s', (file) => {
    const wrong: string[] = [];
    for (const [ns, where] of needs(file))
      for (const area of areasOf(file))
        if (!(CLIENT_NAMESPACES[area] as readonly string[]).includes(ns))
          wrong.push(`${where} asks for '${ns}', which the ${area} area's pages do not carry`);
    expect(wrong).toEqual([]);
  });
});
