import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TENANT_AUDIT_ACTIONS } from '@/lib/features/admin/audit-params';
import { auditActionWords } from './audit-actions';

// Every action the code writes to the audit log, found in the source: the arguments of each call
// to an audit helper (or recordAudit's entry), up to its closing parenthesis.
const CALL = /\b(auditSuperuser|auditTenantAdmin|auditCli|auditApiAdmin|recordAudit)\(/g;
const CODE = /'([a-z_]+\.[a-z_]+)'/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

function writtenActions(): Set<string> {
  const found = new Set<string>();
  for (const file of [...sources('lib'), ...sources('app')]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(CALL)) {
      if (/function\s+$/.test(text.slice(Math.max(0, m.index - 10), m.index))) continue; // the definition
      let depth = 0;
      let end = m.index + m[0].length - 1;
      for (; end < text.length; end++) {
        if (text[end] === '(') depth++;
        else if (text[end] === ')' && --depth === 0) break;
      }
      for (const c of text.slice(m.index, end).matchAll(CODE)) found.add(c[1]!);
    }
  }
  return found;
}

describe('auditActionWords', () => {
  const written = writtenActions();

  it('finds the actions the code writes', () => {
    for (const a of ['user.invite', 'tenant.delete', 'impersonation.start', 'domain.verify', 'tenant.move']) expect(written).toContain(a);
    expect(written.size).toBeGreaterThanOrEqual(25);
  });

  it('has words for every action written and every action the tenant filter offers', () => {
    const missing = [...written, ...TENANT_AUDIT_ACTIONS].filter((a) => auditActionWords(a) === a);
    expect(missing).toEqual([]);
  });

  it('says what happened in words, and shows an unknown code as it is', () => {
    expect(auditActionWords('user.invite')).toBe('Invited a user');
    expect(auditActionWords('tenant.logo_remove')).toBe('Removed the logo');
    expect(auditActionWords('poll.unknown')).toBe('poll.unknown');
    expect(auditActionWords('constructor')).toBe('constructor');
  });
});
