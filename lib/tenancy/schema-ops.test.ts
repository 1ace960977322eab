import { describe, expect, it } from 'vitest';
import { tenantContextStatement } from './schema-ops';

describe('tenantContextStatement', () => {
  it('sets search_path, then the timeout, then the role, as parameters', () => {
    expect(tenantContextStatement('acme', {})).toEqual({ text: "select set_config('search_path', $1, true)", values: ['"acme"'] });
    expect(tenantContextStatement('acme', { statementTimeoutMs: 1900.7, role: 'quorum_t_acme' })).toEqual({
      text: "select set_config('search_path', $1, true), set_config('statement_timeout', $2, true), set_config('role', $3, true)",
      values: ['"acme"', '1900', 'quorum_t_acme'],
    });
    expect(tenantContextStatement('acme', { statementTimeoutMs: 0 }).values).toEqual(['"acme"', '0']);
  });

  it('builds a statement once per schema, timeout and role, and never shares one across them', () => {
    const a = tenantContextStatement('acme', { statementTimeoutMs: 1900 });
    expect(tenantContextStatement('acme', { statementTimeoutMs: 1900 })).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(tenantContextStatement('acme', { statementTimeoutMs: 400 }).values).toEqual(['"acme"', '400']);
    expect(tenantContextStatement('acme', { statementTimeoutMs: 1900, role: 'r1' }).values).toEqual(['"acme"', '1900', 'r1']);
    expect(tenantContextStatement('acme2', { statementTimeoutMs: 1900 }).values).toEqual(['"acme2"', '1900']);
    expect(tenantContextStatement('acme', { statementTimeoutMs: null }).values).toEqual(['"acme"']);
  });

  it('refuses an invalid schema name every time (nothing invalid is kept)', () => {
    for (let i = 0; i < 2; i++) expect(() => tenantContextStatement('Bad"Name', { statementTimeoutMs: 1900 })).toThrow();
  });
});
