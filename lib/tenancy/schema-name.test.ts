import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  APP_RESERVED_NAMES,
  PG_RESERVED_KEYWORDS,
  assertSchemaName,
  subdomainToSchema,
  validateSchemaName,
  validateSubdomain,
} from './schema-name';

const isReserved = (s: string) =>
  s.startsWith('pg_') || s === 'public' || s === 'information_schema' || PG_RESERVED_KEYWORDS.has(s) || APP_RESERVED_NAMES.has(s);

describe('validateSchemaName', () => {
  it.each(['acme', 'a', 'acme_corp', 'tenant_2024', 'x1', 'pg', 'pgx', 'users', 'polls', 'a'.repeat(63)])('accepts %j', (s) => {
    expect(validateSchemaName(s)).toEqual({ ok: true, schema: s });
    expect(assertSchemaName(s)).toBe(s);
  });

  it.each([
    ['', /empty/],
    ['Acme', /lowercase/],
    ['ACME', /lowercase/],
    ['1acme', /start with a lowercase letter/],
    ['_acme', /start with a lowercase letter/],
    ['acme-corp', /only contain/],
    ['acme corp', /only contain/],
    ["acme'; drop schema public cascade; --", /only contain/],
    ['acme"', /only contain/],
    ['acme;', /only contain/],
    ['a/b', /only contain/],
    ['a\\b', /only contain/],
    ['a%b', /only contain/],
    ['a\u0000', /only contain/],
    ['ä', /start with a lowercase letter/],
    ['aä', /only contain/],
    ['a'.repeat(64), /longer than 63/],
    ['pg_x', /pg_/],
    ['pg_catalog', /pg_/],
    ['pg_toast', /pg_/],
    ['public', /system schema/],
    ['information_schema', /system schema/],
    ['select', /reserved PostgreSQL keyword/],
    ['user', /reserved PostgreSQL keyword/],
    ['table', /reserved PostgreSQL keyword/],
    ['current_user', /reserved PostgreSQL keyword/],
    ['system_user', /reserved PostgreSQL keyword/],
    ['authorization', /reserved PostgreSQL keyword/],
    ['verbose', /reserved PostgreSQL keyword/],
    ['default', /reserved/],
    ['www', /reserved by Quorum/],
    ['admin', /reserved by Quorum/],
    ['sites', /reserved by Quorum/],
    ['template1', /reserved by Quorum/],
    ['pgbouncer', /reserved by Quorum/],
  ])('rejects %j', (s, message) => {
    const result = validateSchemaName(s);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
    expect(() => assertSchemaName(s)).toThrow(message);
  });

  it('has the whole PostgreSQL reserved list (pg_get_keywords() catcode R/T, PostgreSQL 18)', () => {
    const pg18 =
      'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column concurrently constraint create cross current_catalog current_date current_role current_schema current_time current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references returning right select session_user similar some symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when where window with';
    expect([...PG_RESERVED_KEYWORDS].sort()).toEqual(pg18.split(' ').sort());
  });

  it('accepted names match the identifier grammar and are not reserved (property)', () => {
    const candidates = fc.oneof(
      fc.string(),
      fc.stringMatching(/^[a-z_][a-z0-9_]{0,70}$/),
      fc.constantFrom(...PG_RESERVED_KEYWORDS, ...APP_RESERVED_NAMES, 'public', 'information_schema'),
    );
    fc.assert(
      fc.property(candidates, (s) => {
        const result = validateSchemaName(s);
        if (result.ok) {
          expect(result.schema).toBe(s);
          expect(result.schema).toMatch(/^[a-z][a-z0-9_]{0,62}$/);
          expect(isReserved(result.schema)).toBe(false);
        } else {
          expect(result.error).toMatch(/^Schema name/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('validateSubdomain', () => {
  it.each([
    ['acme', 'acme', 'acme'],
    ['  Acme-Corp ', 'acme-corp', 'acme_corp'],
    ['a', 'a', 'a'],
    ['a1-b2-c3', 'a1-b2-c3', 'a1_b2_c3'],
    ['a'.repeat(63), 'a'.repeat(63), 'a'.repeat(63)],
  ])('accepts %j', (input, subdomain, schema) => {
    expect(validateSubdomain(input)).toEqual({ ok: true, subdomain, schema });
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['acme_corp', /letters, digits and hyphens/],
    ['acme.corp', /letters, digits and hyphens/],
    ['acme corp', /letters, digits and hyphens/],
    ["acme'", /letters, digits and hyphens/],
    ['bücher', /letters, digits and hyphens/],
    ['-acme', /hyphen/],
    ['acme-', /hyphen/],
    ['1acme', /start with a letter/],
    ['xn--bcher-kva', /third and fourth/],
    ['a'.repeat(64), /longer than 63/],
    ['www', /reserved/],
    ['admin', /reserved/],
    ['sites', /reserved/],
    ['pg-x', /reserved/],
    ['current-user', /reserved/],
    ['select', /reserved/],
    ['public', /reserved/],
    ['information-schema', /reserved/],
  ])('rejects %j', (input, message) => {
    const result = validateSubdomain(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('subdomainToSchema maps hyphens to underscores', () => {
    expect(subdomainToSchema('a-b-c')).toBe('a_b_c');
  });

  it('accepted subdomains are DNS labels whose schema is valid (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[a-z0-9-]{1,70}$/), fc.constantFrom(...APP_RESERVED_NAMES)), (s) => {
        const result = validateSubdomain(s);
        if (!result.ok) return;
        expect(result.subdomain).toMatch(/^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/);
        expect(validateSchemaName(result.schema)).toEqual({ ok: true, schema: result.schema });
        expect(result.schema).toBe(subdomainToSchema(result.subdomain));
      }),
      { numRuns: 2000 },
    );
  });
});
